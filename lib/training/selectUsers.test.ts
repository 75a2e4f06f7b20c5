import { describe, expect, it } from 'vitest';
import type { EventTable } from '@/lib/ml/types';
import { userEventOffsets } from './fitSample';
import type { PipelineInput } from './loadPipelineInput';
import { selectUsers, userRange } from './selectUsers';

// users a, b, c; items x, y, z; b's first event names no item
const input: PipelineInput = {
  events: {
    userIds: ['a', 'b', 'c'],
    itemIds: ['x', 'y', 'z'],
    types: ['view', 'purchase'],
    user: Int32Array.from([0, 0, 1, 1, 2]),
    item: Int32Array.from([0, 1, -1, 2, 1]),
    type: Int32Array.from([0, 1, 0, 1, 0]),
    ts: Float64Array.from([1, 2, 3, 4, 5]),
    value: Float64Array.from([Number.NaN, 10, Number.NaN, 20, Number.NaN]),
    text: [null, 'good', null, null, 'ok'],
  } satisfies EventTable,
  items: { titles: ['X', 'Y', 'Z'], categories: [['p'], ['q'], ['r']], price: Float64Array.from([1, 2, 3]) },
  attributes: [{ name: 'age', kind: 'number', values: [30, null, 50] }],
};
const offsets = userEventOffsets(input.events);

describe('selectUsers', () => {
  it('keeps the chosen users with all their events, renumbered as if only they were loaded', () => {
    const { events, items, attributes } = selectUsers(input, offsets, Int32Array.from([1, 2]));
    expect(events.userIds).toEqual(['b', 'c']);
    expect(Array.from(events.user)).toEqual([0, 0, 1]);
    expect(events.itemIds).toEqual(['z', 'y']);
    expect(Array.from(events.item)).toEqual([-1, 0, 1]);
    expect(Array.from(events.type)).toEqual([0, 1, 0]);
    expect(Array.from(events.ts)).toEqual([3, 4, 5]);
    expect(Array.from(events.value)).toEqual([Number.NaN, 20, Number.NaN]);
    expect(events.text).toEqual([null, null, 'ok']);
    expect(items.titles).toEqual(['Z', 'Y']);
    expect(items.categories).toEqual([['r'], ['q']]);
    expect(Array.from(items.price)).toEqual([3, 2]);
    expect(attributes).toEqual([{ name: 'age', kind: 'number', values: [null, 50] }]);
  });

  it("keeps the dataset's event types even when the chosen users lack one", () => {
    expect(selectUsers(input, offsets, Int32Array.from([2])).events.types).toEqual(['view', 'purchase']);
  });

  it('puts the columns on shared memory, as loaded ones are, for the event models thread', () => {
    const { events } = selectUsers(input, offsets, userRange(0, 2));
    expect(events.user.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(events.ts.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('leaves text out when the input carries none', () => {
    const { events } = selectUsers({ ...input, events: { ...input.events, text: [] } }, offsets, userRange(0, 3));
    expect(events.text).toEqual([]);
  });
});
