// The thread behind fitEventModelsInThread. A worker thread does not inherit tsx's TypeScript
// loader, so this plain-JavaScript entry registers it before loading the TypeScript module.
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
const { fitEventModels } = await import('./fitEventModels.ts');
parentPort.postMessage(await fitEventModels(workerData));
