import type { AudienceCondition } from '@/lib/audiences/audienceDefinition';

// The editor's working copy of a condition tree: every field a string as typed, so a half-filled
// row is allowed on screen; toCondition says what is complete enough to size.

export type LeafKind = 'segment' | 'score' | 'profile' | 'attribute' | 'behaviour';

export interface LeafDraft {
  id: number;
  type: 'leaf';
  kind: LeafKind;
  segmentIndex: string;
  target: string;
  predicted: string;
  op: 'gte' | 'lte' | 'eq';
  value: string;
  field: 'recency' | 'frequency' | 'spend' | 'tenure' | 'categoryAffinity' | 'feature';
  name: string;
  did: 'did' | 'didNot';
  eventType: string;
  category: string;
  minValue: string;
  atLeast: string;
  withinDays: string;
}

export interface GroupDraft {
  id: number;
  type: 'group';
  op: 'and' | 'or';
  negate: boolean;
  items: (LeafDraft | GroupDraft)[];
}

let nextId = 1;

export function newLeaf(kind: LeafKind = 'score'): LeafDraft {
  return {
    id: nextId++,
    type: 'leaf',
    kind,
    segmentIndex: '',
    target: '',
    predicted: '',
    op: 'gte',
    value: '',
    field: 'recency',
    name: '',
    did: 'did',
    eventType: '',
    category: '',
    minValue: '',
    atLeast: '1',
    withinDays: '30',
  };
}

export function newGroup(kind: LeafKind = 'score'): GroupDraft {
  return { id: nextId++, type: 'group', op: 'and', negate: false, items: [newLeaf(kind)] };
}

/** The kind a new condition starts as: a prediction score when the run offers one, else what users did. */
export function firstKind(targets: readonly { predictive: boolean }[]): LeafKind {
  return targets.some((target) => target.predictive) ? 'score' : 'behaviour';
}

/** The editor's first condition, of firstKind. */
export function firstGroup(targets: readonly { predictive: boolean }[]): GroupDraft {
  return newGroup(firstKind(targets));
}

const numberOf = (text: string) => (text.trim() === '' ? null : Number(text));
const isNumber = (value: number | null): value is number => value !== null && Number.isFinite(value);

function leafCondition(leaf: LeafDraft, runId: number): AudienceCondition | null {
  const value = numberOf(leaf.value);
  const op = leaf.op === 'eq' ? 'gte' : leaf.op;
  switch (leaf.kind) {
    case 'segment': {
      const index = numberOf(leaf.segmentIndex);
      return isNumber(index) ? { kind: 'segment', runId, segmentIndex: index } : null;
    }
    case 'score':
      if (!leaf.target || !isNumber(value)) return null;
      return {
        kind: 'score',
        target: leaf.target,
        op,
        value,
        ...(leaf.predicted ? { predicted: leaf.predicted } : {}),
      };
    case 'profile':
      if (!isNumber(value)) return null;
      if ((leaf.field === 'categoryAffinity' || leaf.field === 'feature') && !leaf.name) return null;
      return { kind: 'profile', field: leaf.field, op, value, ...(leaf.name ? { name: leaf.name } : {}) };
    case 'attribute':
      if (!leaf.name || leaf.value === '') return null;
      return leaf.op === 'eq'
        ? { kind: 'attribute', name: leaf.name, op: 'eq', value: leaf.value }
        : isNumber(value)
          ? { kind: 'attribute', name: leaf.name, op: leaf.op, value }
          : null;
    case 'behaviour': {
      const atLeast = numberOf(leaf.atLeast);
      const withinDays = numberOf(leaf.withinDays);
      const minValue = numberOf(leaf.minValue);
      if (!leaf.eventType || !isNumber(atLeast) || !isNumber(withinDays)) return null;
      return {
        kind: 'behaviour',
        did: leaf.did === 'did',
        eventType: leaf.eventType,
        atLeast,
        withinDays,
        ...(leaf.category ? { category: leaf.category } : {}),
        ...(isNumber(minValue) ? { minValue } : {}),
      };
    }
  }
}

/** The tree as the API takes it, or null while any row is incomplete. */
export function toCondition(group: GroupDraft, runId: number): AudienceCondition | null {
  const children: AudienceCondition[] = [];
  for (const item of group.items) {
    const child = item.type === 'leaf' ? leafCondition(item, runId) : toCondition(item, runId);
    if (!child) return null;
    children.push(child);
  }
  if (!children.length) return null;
  const joined: AudienceCondition = children.length === 1 ? children[0] : { kind: group.op, conditions: children };
  return group.negate ? { kind: 'not', condition: joined } : joined;
}

/** `group` with the item of `id` replaced (or removed, with null), however deep it is. */
export function replaceItem(group: GroupDraft, id: number, replacement: LeafDraft | GroupDraft | null): GroupDraft {
  const items: (LeafDraft | GroupDraft)[] = [];
  for (const item of group.items) {
    if (item.id === id) {
      if (replacement) items.push(replacement);
    } else items.push(item.type === 'group' ? replaceItem(item, id, replacement) : item);
  }
  return { ...group, items };
}
