'use client';

import { useTranslations } from 'next-intl';
import { usePersonaText } from '@/components/usePersonaText';
import { useServerText } from '@/components/useServerText';
import type { AudienceOptions } from '@/lib/audiences/audienceOptions';
import { parseTarget } from '@/lib/ml/predict/targetRegistry';
import {
  firstKind,
  type GroupDraft,
  type LeafDraft,
  type LeafKind,
  newGroup,
  newLeaf,
  replaceItem,
} from './conditionDraft';

const kinds: LeafKind[] = ['segment', 'score', 'profile', 'attribute', 'behaviour'];
const fields: LeafDraft['field'][] = ['recency', 'frequency', 'spend', 'tenure', 'categoryAffinity', 'feature'];

type ConditionWords = ReturnType<typeof useTranslations<'Conditions'>>;

/** The words the registry names for the target's kind, filled with its name and horizon. */
function targetLabel(target: AudienceOptions['targets'][number], words: ConditionWords): string {
  const parsed = parseTarget(target.target);
  if (!parsed) return target.target;
  return words(parsed.definition.messages.condition as Parameters<ConditionWords>[0], {
    name: target.name,
    days: target.days ?? '',
  });
}

/** Scores that are amounts of money take amounts; the rest are probabilities between 0 and 1. */
const isAmount = (target: string) => parseTarget(target)?.definition.score === 'amount';

function Comparison({
  leaf,
  onChange,
  allowEquals,
}: {
  leaf: LeafDraft;
  onChange(leaf: LeafDraft): void;
  allowEquals?: boolean;
}) {
  const words = useTranslations('Conditions');
  return (
    <select
      aria-label={words('comparison')}
      value={leaf.op}
      onChange={(e) => onChange({ ...leaf, op: e.target.value as LeafDraft['op'] })}
    >
      <option value="gte">{words('gte')}</option>
      <option value="lte">{words('lte')}</option>
      {allowEquals ? <option value="eq">{words('eq')}</option> : null}
    </select>
  );
}

function LeafFields({
  leaf,
  options,
  onChange,
}: {
  leaf: LeafDraft;
  options: AudienceOptions;
  onChange(leaf: LeafDraft): void;
}) {
  const words = useTranslations('Conditions');
  const serverText = useServerText();
  const personaName = usePersonaText().name;
  switch (leaf.kind) {
    case 'segment':
      return (
        <select
          aria-label={words('segment')}
          value={leaf.segmentIndex}
          onChange={(e) => onChange({ ...leaf, segmentIndex: e.target.value })}
        >
          <option value="">{words('chooseSegment')}</option>
          {options.segments.map((segment) => (
            <option key={segment.index} value={String(segment.index)}>
              {segment.belowFloor ? words('belowFloor', { index: segment.index }) : personaName(segment.name)}
            </option>
          ))}
        </select>
      );
    case 'score': {
      const target = options.targets.find((t) => t.target === leaf.target);
      return (
        <>
          <select
            aria-label={words('score')}
            value={leaf.target}
            onChange={(e) => onChange({ ...leaf, target: e.target.value, predicted: '' })}
          >
            <option value="">{words('chooseScore')}</option>
            {options.targets.map((t) => (
              <option key={t.target} value={t.target} disabled={!t.predictive}>
                {targetLabel(t, words)}
                {t.predictive
                  ? t.metric
                    ? words('holdout', {
                        metric: t.metric,
                        value: t.value?.toFixed(2) ?? '',
                        baseline: t.baseline?.toFixed(2) ?? '',
                      })
                    : ''
                  : words('notOffered', { reason: t.reason ? serverText(t.reason) : words('noBeat') })}
              </option>
            ))}
          </select>
          {target?.classes.length ? (
            <select
              aria-label={words('predictedValue')}
              value={leaf.predicted}
              onChange={(e) => onChange({ ...leaf, predicted: e.target.value })}
            >
              <option value="">{words('anyPredicted')}</option>
              {target.classes.map((c) => (
                <option key={c} value={c}>
                  {words('predicted', { value: c })}
                </option>
              ))}
            </select>
          ) : null}
          <Comparison leaf={leaf} onChange={onChange} />
          {/* a probability for most scores; an amount of money for predicted value */}
          <input
            aria-label={words('scoreValue')}
            type="number"
            step={isAmount(leaf.target) ? '1' : '0.05'}
            min={0}
            max={isAmount(leaf.target) ? undefined : 1}
            value={leaf.value}
            onChange={(e) => onChange({ ...leaf, value: e.target.value })}
            placeholder={isAmount(leaf.target) ? '100' : '0.7'}
          />
        </>
      );
    }
    case 'profile':
      return (
        <>
          <select
            aria-label={words('profileValue')}
            value={leaf.field}
            onChange={(e) => onChange({ ...leaf, field: e.target.value as LeafDraft['field'], name: '' })}
          >
            {fields.map((field) => (
              <option key={field} value={field}>
                {words(`field_${field}`)}
              </option>
            ))}
          </select>
          {leaf.field === 'categoryAffinity' ? (
            <select
              aria-label={words('category')}
              value={leaf.name}
              onChange={(e) => onChange({ ...leaf, name: e.target.value })}
            >
              <option value="">{words('chooseCategory')}</option>
              {options.categories.map((category) => (
                <option key={category}>{category}</option>
              ))}
            </select>
          ) : null}
          {leaf.field === 'feature' ? (
            <select
              aria-label={words('feature')}
              value={leaf.name}
              onChange={(e) => onChange({ ...leaf, name: e.target.value })}
            >
              <option value="">{words('chooseFeature')}</option>
              {options.features.map((feature) => (
                <option key={feature}>{feature}</option>
              ))}
            </select>
          ) : null}
          <Comparison leaf={leaf} onChange={onChange} />
          <input
            aria-label={words('profileThreshold')}
            type="number"
            value={leaf.value}
            onChange={(e) => onChange({ ...leaf, value: e.target.value })}
          />
        </>
      );
    case 'attribute': {
      const attribute = options.attributes.find((a) => a.name === leaf.name);
      return (
        <>
          <select
            aria-label={words('attribute')}
            value={leaf.name}
            onChange={(e) => {
              const chosen = options.attributes.find((a) => a.name === e.target.value);
              // text and yes/no attributes are equal to a value or not; only numbers are at least one
              onChange({ ...leaf, name: e.target.value, value: '', op: chosen?.kind === 'number' ? leaf.op : 'eq' });
            }}
          >
            <option value="">{words('chooseAttribute')}</option>
            {options.attributes.map((a) => (
              <option key={a.name}>{a.name}</option>
            ))}
          </select>
          {attribute && attribute.kind !== 'number' ? (
            <span>{words('eq')}</span>
          ) : (
            <Comparison leaf={leaf} onChange={onChange} allowEquals />
          )}
          {leaf.op === 'eq' && attribute?.values.length ? (
            <select
              aria-label={words('attributeValue')}
              value={leaf.value}
              onChange={(e) => onChange({ ...leaf, value: e.target.value })}
            >
              <option value="">{words('chooseValue')}</option>
              {attribute.values.map((value) => (
                <option key={value}>{value}</option>
              ))}
            </select>
          ) : (
            <input
              aria-label={words('attributeValue')}
              value={leaf.value}
              onChange={(e) => onChange({ ...leaf, value: e.target.value })}
            />
          )}
        </>
      );
    }
    case 'behaviour':
      return (
        <>
          <select
            aria-label={words('didOrNot')}
            value={leaf.did}
            onChange={(e) => onChange({ ...leaf, did: e.target.value as LeafDraft['did'] })}
          >
            <option value="did">{words('did')}</option>
            <option value="didNot">{words('didNot')}</option>
          </select>
          <select
            aria-label={words('eventType')}
            value={leaf.eventType}
            onChange={(e) => onChange({ ...leaf, eventType: e.target.value })}
          >
            <option value="">{words('chooseEvent')}</option>
            {options.eventTypes.map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
          <select
            aria-label={words('onCategory')}
            value={leaf.category}
            onChange={(e) => onChange({ ...leaf, category: e.target.value })}
          >
            <option value="">{words('anyCategory')}</option>
            {options.categories.map((category) => (
              <option key={category} value={category}>
                {words('inCategory', { category })}
              </option>
            ))}
          </select>
          <label className="inline-field">
            {words('valueOver')}
            <input
              aria-label={words('minimumValue')}
              type="number"
              value={leaf.minValue}
              onChange={(e) => onChange({ ...leaf, minValue: e.target.value })}
              placeholder={words('any')}
            />
          </label>
          <label className="inline-field">
            {words('atLeast')}
            <input
              aria-label={words('atLeastTimes')}
              type="number"
              min={1}
              value={leaf.atLeast}
              onChange={(e) => onChange({ ...leaf, atLeast: e.target.value })}
            />
            {words('times')}
          </label>
          <label className="inline-field">
            {words('inTheLast')}
            <input
              aria-label={words('days')}
              type="number"
              min={1}
              value={leaf.withinDays}
              onChange={(e) => onChange({ ...leaf, withinDays: e.target.value })}
            />
            {words('daysUnit')}
          </label>
        </>
      );
  }
}

function LeafEditor({
  leaf,
  label,
  options,
  onChange,
  onRemove,
}: {
  leaf: LeafDraft;
  label: string;
  options: AudienceOptions;
  onChange(leaf: LeafDraft): void;
  onRemove(): void;
}) {
  const words = useTranslations('Conditions');
  return (
    <fieldset className="condition" aria-label={label}>
      <legend className="visually-hidden">{label}</legend>
      <select
        aria-label={words('conditionType')}
        value={leaf.kind}
        onChange={(e) => onChange({ ...newLeaf(e.target.value as LeafKind), id: leaf.id })}
      >
        {kinds.map((kind) => (
          <option key={kind} value={kind}>
            {words(`kind_${kind}`)}
          </option>
        ))}
      </select>
      <LeafFields leaf={leaf} options={options} onChange={onChange} />
      <button
        type="button"
        className="link-button"
        onClick={onRemove}
        aria-label={words('removeLabel', { label: label.toLowerCase() })}
      >
        {words('remove')}
      </button>
    </fieldset>
  );
}

/** A group of conditions joined by AND or OR, optionally negated, with groups inside it. */
export function GroupEditor({
  group,
  options,
  label,
  onChange,
  onRemove,
}: {
  group: GroupDraft;
  options: AudienceOptions;
  label: string;
  onChange(group: GroupDraft): void;
  onRemove?: () => void;
}) {
  const words = useTranslations('Conditions');
  let leafNumber = 0;
  let groupNumber = 0;
  return (
    <fieldset className="condition-group" aria-label={label}>
      <legend className="row">
        <span>{label}:</span>
        <label className="inline-field">
          <input
            type="checkbox"
            checked={group.negate}
            onChange={(e) => onChange({ ...group, negate: e.target.checked })}
          />
          {words('not')}
        </label>
        <select
          aria-label={words('joinsWith', { label })}
          value={group.op}
          onChange={(e) => onChange({ ...group, op: e.target.value as 'and' | 'or' })}
        >
          <option value="and">{words('and')}</option>
          <option value="or">{words('or')}</option>
        </select>
        {onRemove ? (
          <button type="button" className="link-button" onClick={onRemove}>
            {words('removeGroup')}
          </button>
        ) : null}
      </legend>
      {group.items.map((item) => {
        if (item.type === 'leaf') {
          leafNumber++;
          // the root group (the audience itself, never removable) does not prefix its conditions
          const itemLabel = onRemove
            ? words('nestedCondition', { label, n: leafNumber })
            : words('condition', { n: leafNumber });
          return (
            <LeafEditor
              key={item.id}
              leaf={item}
              label={itemLabel}
              options={options}
              onChange={(leaf) => onChange(replaceItem(group, item.id, leaf))}
              onRemove={() => onChange(replaceItem(group, item.id, null))}
            />
          );
        }
        groupNumber++;
        return (
          <GroupEditor
            key={item.id}
            group={item}
            options={options}
            label={words('group', { n: groupNumber })}
            onChange={(inner) => onChange(replaceItem(group, item.id, inner))}
            onRemove={() => onChange(replaceItem(group, item.id, null))}
          />
        );
      })}
      <div className="row">
        <button
          type="button"
          onClick={() => onChange({ ...group, items: [...group.items, newLeaf(firstKind(options.targets))] })}
        >
          {words('addCondition')}
        </button>
        <button
          type="button"
          onClick={() => onChange({ ...group, items: [...group.items, newGroup(firstKind(options.targets))] })}
        >
          {words('addGroup')}
        </button>
      </div>
    </fieldset>
  );
}
