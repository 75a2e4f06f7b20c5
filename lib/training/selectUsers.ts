import type { EventTable, ItemTable } from '@/lib/ml/types';
import type { PipelineInput } from './loadPipelineInput';

/**
 * Some users' part of a run's input (all their events, the items those name, their attributes),
 * renumbered densely as loadPipelineInput would have read it for those users alone. `users` are
 * ascending indexes into input.events.userIds; `offsets` are from userEventOffsets. Event types
 * keep the dataset's list, so behaviour features have the same columns however the users are chosen.
 * The columns sit on SharedArrayBuffers like loaded ones, for the event models' thread.
 */
export function selectUsers(input: PipelineInput, offsets: Int32Array, users: Int32Array): PipelineInput {
  const { events, items } = input;
  let count = 0;
  for (const u of users) count += offsets[u + 1] - offsets[u];
  const shared = <T extends Int32Array | Float64Array>(kind: {
    new (buffer: SharedArrayBuffer): T;
    BYTES_PER_ELEMENT: number;
  }) => new kind(new SharedArrayBuffer(Math.max(1, count) * kind.BYTES_PER_ELEMENT)).subarray(0, count) as T;
  const user = shared(Int32Array);
  const item = shared(Int32Array);
  const type = shared(Int32Array);
  const ts = shared(Float64Array);
  const value = shared(Float64Array);
  const text: (string | null)[] = new Array(events.text.length ? count : 0);
  const itemIndex = new Int32Array(events.itemIds.length).fill(-1);
  const itemOrder: number[] = [];
  let n = 0;
  for (let i = 0; i < users.length; i++) {
    for (let e = offsets[users[i]]; e < offsets[users[i] + 1]; e++) {
      const original = events.item[e];
      if (original >= 0 && itemIndex[original] < 0) {
        itemIndex[original] = itemOrder.length;
        itemOrder.push(original);
      }
      user[n] = i;
      item[n] = original < 0 ? -1 : itemIndex[original];
      type[n] = events.type[e];
      ts[n] = events.ts[e];
      value[n] = events.value[e];
      if (text.length) text[n] = events.text[e];
      n++;
    }
  }
  const selected: EventTable = {
    userIds: Array.from(users, (u) => events.userIds[u]),
    itemIds: itemOrder.map((i) => events.itemIds[i]),
    types: events.types,
    user,
    item,
    type,
    ts,
    value,
    text,
  };
  const selectedItems: ItemTable = {
    titles: itemOrder.map((i) => items.titles[i]),
    categories: itemOrder.map((i) => items.categories[i]),
    price: Float64Array.from(itemOrder, (i) => items.price[i]),
  };
  return {
    events: selected,
    items: selectedItems,
    attributes: input.attributes.map((column) => ({ ...column, values: Array.from(users, (u) => column.values[u]) })),
  };
}

/** Users from..to-1, a chunk of the dataset in user order. */
export function userRange(from: number, to: number): Int32Array {
  return Int32Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
