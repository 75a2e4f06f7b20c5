import { loadAttributeHolders } from './loadAttributeHolders';
import { loadPipelineInput } from './loadPipelineInput';
import type { ReadUsers } from './profileEveryUser';

/**
 * How the chunk phase reads some users: their events (all of them) and items, and which of them
 * have each of `attributeNames` (the attributes the run's stored models guess), not the values.
 */
export function readChunkUsers(datasetId: number, attributeNames: string[]): ReadUsers {
  return async (userIds) => ({
    ...(await loadPipelineInput(datasetId, undefined, { userIds, attributes: false })),
    attributeHolders: await loadAttributeHolders(datasetId, userIds, attributeNames),
  });
}
