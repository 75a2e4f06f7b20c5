'use client';

import type { AudienceOptions } from '@/lib/audiences/audienceOptions';
import { valueTargetHorizon } from '@/lib/ml/predict/valueTargetName';
import { type GroupDraft, type LeafDraft, type LeafKind, newGroup, newLeaf, replaceItem } from './conditionDraft';

const kindLabels: Record<LeafKind, string> = {
  segment: 'Segment',
  score: 'Prediction score',
  profile: 'Profile value',
  attribute: 'Attribute',
  behaviour: 'Behaviour in a window',
};

const fieldLabels: Record<LeafDraft['field'], string> = {
  recency: 'Recency (days since last purchase)',
  frequency: 'Frequency (purchases)',
  spend: 'Spend (total)',
  tenure: 'Tenure (days active)',
  categoryAffinity: 'Category affinity (share)',
  feature: 'Another stored feature',
};

function targetLabel(target: string): string {
  if (target === 'churn') return 'Churn risk';
  const valueHorizon = valueTargetHorizon(target);
  if (valueHorizon !== null) return `Predicted spend, next ${valueHorizon} days`;
  if (target.startsWith('propensity:')) return `Propensity: ${target.slice('propensity:'.length)}`;
  if (target.startsWith('attr:')) return `Inferred ${target.slice('attr:'.length)}`;
  return target;
}

function Comparison({
  leaf,
  onChange,
  allowEquals,
}: {
  leaf: LeafDraft;
  onChange(leaf: LeafDraft): void;
  allowEquals?: boolean;
}) {
  return (
    <select
      aria-label="Comparison"
      value={leaf.op}
      onChange={(e) => onChange({ ...leaf, op: e.target.value as LeafDraft['op'] })}
    >
      <option value="gte">at least</option>
      <option value="lte">at most</option>
      {allowEquals ? <option value="eq">equals</option> : null}
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
  switch (leaf.kind) {
    case 'segment':
      return (
        <select
          aria-label="Segment"
          value={leaf.segmentIndex}
          onChange={(e) => onChange({ ...leaf, segmentIndex: e.target.value })}
        >
          <option value="">Choose a segment</option>
          {options.segments.map((segment) => (
            <option key={segment.index} value={String(segment.index)}>
              {segment.belowFloor ? `Segment ${segment.index} (below the size floor)` : segment.name}
            </option>
          ))}
        </select>
      );
    case 'score': {
      const target = options.targets.find((t) => t.target === leaf.target);
      return (
        <>
          <select
            aria-label="Score"
            value={leaf.target}
            onChange={(e) => onChange({ ...leaf, target: e.target.value, predicted: '' })}
          >
            <option value="">Choose a score</option>
            {options.targets.map((t) => (
              <option key={t.target} value={t.target} disabled={!t.predictive}>
                {targetLabel(t.target)}
                {t.predictive
                  ? t.metric
                    ? ` (hold-out ${t.metric} ${t.value?.toFixed(2)} vs baseline ${t.baseline?.toFixed(2)})`
                    : ''
                  : ` (not offered: ${t.reason ?? 'does not beat its baseline'})`}
              </option>
            ))}
          </select>
          {target?.classes.length ? (
            <select
              aria-label="Predicted value"
              value={leaf.predicted}
              onChange={(e) => onChange({ ...leaf, predicted: e.target.value })}
            >
              <option value="">any predicted value</option>
              {target.classes.map((c) => (
                <option key={c} value={c}>
                  predicted {c}
                </option>
              ))}
            </select>
          ) : null}
          <Comparison leaf={leaf} onChange={onChange} />
          {/* a probability for most scores; an amount of money for predicted value */}
          <input
            aria-label="Score value"
            type="number"
            step={valueTargetHorizon(leaf.target) === null ? '0.05' : '1'}
            min={0}
            max={valueTargetHorizon(leaf.target) === null ? 1 : undefined}
            value={leaf.value}
            onChange={(e) => onChange({ ...leaf, value: e.target.value })}
            placeholder={valueTargetHorizon(leaf.target) === null ? '0.7' : '100'}
          />
        </>
      );
    }
    case 'profile':
      return (
        <>
          <select
            aria-label="Profile value"
            value={leaf.field}
            onChange={(e) => onChange({ ...leaf, field: e.target.value as LeafDraft['field'], name: '' })}
          >
            {Object.entries(fieldLabels).map(([field, label]) => (
              <option key={field} value={field}>
                {label}
              </option>
            ))}
          </select>
          {leaf.field === 'categoryAffinity' ? (
            <select
              aria-label="Category"
              value={leaf.name}
              onChange={(e) => onChange({ ...leaf, name: e.target.value })}
            >
              <option value="">Choose a category</option>
              {options.categories.map((category) => (
                <option key={category}>{category}</option>
              ))}
            </select>
          ) : null}
          {leaf.field === 'feature' ? (
            <select
              aria-label="Feature"
              value={leaf.name}
              onChange={(e) => onChange({ ...leaf, name: e.target.value })}
            >
              <option value="">Choose a feature</option>
              {options.features.map((feature) => (
                <option key={feature}>{feature}</option>
              ))}
            </select>
          ) : null}
          <Comparison leaf={leaf} onChange={onChange} />
          <input
            aria-label="Profile threshold"
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
            aria-label="Attribute"
            value={leaf.name}
            onChange={(e) => onChange({ ...leaf, name: e.target.value, value: '' })}
          >
            <option value="">Choose an attribute</option>
            {options.attributes.map((a) => (
              <option key={a.name}>{a.name}</option>
            ))}
          </select>
          <Comparison leaf={leaf} onChange={onChange} allowEquals />
          {leaf.op === 'eq' && attribute?.values.length ? (
            <select
              aria-label="Attribute value"
              value={leaf.value}
              onChange={(e) => onChange({ ...leaf, value: e.target.value })}
            >
              <option value="">Choose a value</option>
              {attribute.values.map((value) => (
                <option key={value}>{value}</option>
              ))}
            </select>
          ) : (
            <input
              aria-label="Attribute value"
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
            aria-label="Did or did not"
            value={leaf.did}
            onChange={(e) => onChange({ ...leaf, did: e.target.value as LeafDraft['did'] })}
          >
            <option value="did">did</option>
            <option value="didNot">did not</option>
          </select>
          <select
            aria-label="Event type"
            value={leaf.eventType}
            onChange={(e) => onChange({ ...leaf, eventType: e.target.value })}
          >
            <option value="">Choose an event</option>
            {options.eventTypes.map((type) => (
              <option key={type}>{type}</option>
            ))}
          </select>
          <select
            aria-label="On category"
            value={leaf.category}
            onChange={(e) => onChange({ ...leaf, category: e.target.value })}
          >
            <option value="">in any category</option>
            {options.categories.map((category) => (
              <option key={category} value={category}>
                in {category}
              </option>
            ))}
          </select>
          <label className="inline-field">
            value over
            <input
              aria-label="Minimum value"
              type="number"
              value={leaf.minValue}
              onChange={(e) => onChange({ ...leaf, minValue: e.target.value })}
              placeholder="any"
            />
          </label>
          <label className="inline-field">
            at least
            <input
              aria-label="At least times"
              type="number"
              min={1}
              value={leaf.atLeast}
              onChange={(e) => onChange({ ...leaf, atLeast: e.target.value })}
            />
            times
          </label>
          <label className="inline-field">
            in the last
            <input
              aria-label="Days"
              type="number"
              min={1}
              value={leaf.withinDays}
              onChange={(e) => onChange({ ...leaf, withinDays: e.target.value })}
            />
            days
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
  return (
    <fieldset className="condition" aria-label={label}>
      <legend className="visually-hidden">{label}</legend>
      <select
        aria-label="Condition type"
        value={leaf.kind}
        onChange={(e) => onChange({ ...newLeaf(e.target.value as LeafKind), id: leaf.id })}
      >
        {Object.entries(kindLabels).map(([kind, text]) => (
          <option key={kind} value={kind}>
            {text}
          </option>
        ))}
      </select>
      <LeafFields leaf={leaf} options={options} onChange={onChange} />
      <button type="button" className="link-button" onClick={onRemove} aria-label={`Remove ${label.toLowerCase()}`}>
        Remove
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
          NOT
        </label>
        <select
          aria-label={`${label} joins with`}
          value={group.op}
          onChange={(e) => onChange({ ...group, op: e.target.value as 'and' | 'or' })}
        >
          <option value="and">all of (AND)</option>
          <option value="or">any of (OR)</option>
        </select>
        {onRemove ? (
          <button type="button" className="link-button" onClick={onRemove}>
            Remove group
          </button>
        ) : null}
      </legend>
      {group.items.map((item) => {
        if (item.type === 'leaf') {
          leafNumber++;
          const itemLabel = `${label === 'Audience' ? '' : `${label}, `}Condition ${leafNumber}`;
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
            label={`Group ${groupNumber}`}
            onChange={(inner) => onChange(replaceItem(group, item.id, inner))}
            onRemove={() => onChange(replaceItem(group, item.id, null))}
          />
        );
      })}
      <div className="row">
        <button type="button" onClick={() => onChange({ ...group, items: [...group.items, newLeaf()] })}>
          Add condition
        </button>
        <button type="button" onClick={() => onChange({ ...group, items: [...group.items, newGroup()] })}>
          Add group
        </button>
      </div>
    </fieldset>
  );
}
