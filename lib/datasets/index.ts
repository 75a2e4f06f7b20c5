export { deleteDataset } from './deleteDataset';
export { checkDatasetName, ensureDataset, findDatasetId } from './ensureDataset';
export { lockDataset } from './lockDataset';
