import { inTransaction } from '@/lib/db/inTransaction';
import type { ProfileModel } from '@/lib/ml/features/profileModel';
import type { TextFeatures } from '@/lib/ml/text/textFeatures';
import type { EventTable, ItemTable, PipelineSettings } from '@/lib/ml/types';
import { analyzeUserStateTables } from './analyzeUserStateTables';
import { putTrainedTextStates } from './trainedTextStates';
import { foldUserEvents } from './userEventState';
import { writeUserEventStates } from './userEventStateStore';

/** users folded and written at a time, so memory holds one chunk's item pairs, not every user's */
const chunkUsers = 20_000;

/**
 * At retrain: the running state under the new run of every user, from the events it trained on,
 * so the first update of each after the retrain reads only their new events. Training lets go of
 * event texts after its text stage, so the text part of each state is the one that stage counted
 * (putTrainedTextStates). A state the profile update already wrote for this run is newer and kept;
 * one that misses events the training did not see is found out by its event count and rebuilt.
 */
export async function writeRunUserEventStates(input: {
  datasetId: number;
  runId: number;
  /** sorted by user; text may have been let go */
  events: EventTable;
  items: ItemTable;
  settings: PipelineSettings;
  model: ProfileModel;
  /** the training's text stage, over the same users in the same order */
  text: TextFeatures;
}): Promise<number> {
  const { events } = input;
  let written = 0;
  let firstEvent = 0;
  for (let start = 0; start < events.userIds.length; start += chunkUsers) {
    const end = Math.min(events.userIds.length, start + chunkUsers);
    let lastEvent = firstEvent;
    while (lastEvent < events.user.length && events.user[lastEvent] < end) lastEvent++;
    const chunk: EventTable = {
      ...events,
      userIds: events.userIds.slice(start, end),
      user: Int32Array.from(events.user.subarray(firstEvent, lastEvent), (u) => u - start),
      item: events.item.subarray(firstEvent, lastEvent),
      type: events.type.subarray(firstEvent, lastEvent),
      ts: events.ts.subarray(firstEvent, lastEvent),
      value: events.value.subarray(firstEvent, lastEvent),
      text: [],
    };
    firstEvent = lastEvent;
    const states = foldUserEvents({ ...input, events: chunk });
    putTrainedTextStates(states, input.text, input.model, start);
    await inTransaction((client) =>
      writeUserEventStates(client, input.datasetId, input.runId, states, input.model, { keepSameRun: true }),
    );
    written += states.userIds.length;
  }
  if (written > 0) await analyzeUserStateTables();
  return written;
}
