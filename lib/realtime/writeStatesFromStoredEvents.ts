import { inTransaction } from '@/lib/db/inTransaction';
import type { ProfileModel } from '@/lib/ml/features/profileModel';
import { type ApplyTextVectorsOptions, sentenceVectorsOfEvents } from '@/lib/ml/text/applyTextVectors';
import type { EventTable, PipelineSettings } from '@/lib/ml/types';
import { activeRunOf } from '@/lib/training/assignToActiveRun';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import { pipelineInParts } from '@/lib/training/pipelineInParts';
import { analyzeUserStateTables } from './analyzeUserStateTables';
import { foldUserEvents } from './userEventState';
import { writeUserEventStates } from './userEventStateStore';

/** users read, folded and written at a time */
const partUsers = 5_000;

/**
 * The running state under `runId` (the dataset's active run) of every user of `userIds`, counted
 * from all their events as stored now, part by part: the next part is read and the last one
 * written while one is folded (pipelineInParts; on the 100,000-user demo 35 s, against 46 s one
 * step at a time).
 * For a run fitted on a sample, whose chunk phase let go of each part's events once profiled;
 * without this, every user's first update after such a retrain read all their events. A state
 * an update already wrote for this run is newer and kept; a user whose events arrive while this
 * runs is counted again by their update if their state missed them. Stops, keeping what it
 * wrote, once another run is active. Returns the users written.
 */
export async function writeStatesFromStoredEvents(input: {
  datasetId: number;
  runId: number;
  /** in the order the states are to be written */
  userIds: string[];
  settings: PipelineSettings;
  model: ProfileModel;
  /** how a transformers run's sentence vectors are found: its embedding cache, then its model */
  text: ApplyTextVectorsOptions;
  progress?: (done: number, total: number) => void;
}): Promise<number> {
  const { datasetId, runId, userIds, settings, model } = input;
  const textModel = model.text?.method === 'transformers' ? model.text : null;
  const sentenceVectors = async (events: EventTable) =>
    textModel ? (await sentenceVectorsOfEvents(events, textModel, input.text)).known : undefined;
  let written = 0;
  await pipelineInParts(userIds.length, partUsers, {
    read: (from, to) =>
      loadPipelineInput(datasetId, undefined, { userIds: userIds.slice(from, to), attributes: false }),
    goOn: async () => (await activeRunOf(datasetId)).id === runId,
    compute: async ({ events, items }) =>
      foldUserEvents({ events, items, settings, model, sentenceVectors: await sentenceVectors(events) }),
    async write(states, to) {
      await inTransaction((client) =>
        writeUserEventStates(client, datasetId, runId, states, model, { keepSameRun: true }),
      );
      written += states.userIds.length;
      input.progress?.(to, userIds.length);
    },
  });
  if (written > 0) await analyzeUserStateTables();
  return written;
}
