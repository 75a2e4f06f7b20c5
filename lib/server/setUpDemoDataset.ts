/** Loads the demo dataset on a first start (filled in once the generator and importer land). */
export async function setUpDemoDataset(log: (line: string) => void): Promise<void> {
  log('Demo dataset: not available yet');
}
