// The thread behind trainAndRecommendInThread. A worker thread does not inherit tsx's TypeScript
// loader, so this plain-JavaScript entry registers it before loading the TypeScript module.
import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// started without the segments, the thread is sent them once they exist
const segments = workerData.segmentOfUser
  ? Promise.resolve(workerData.segmentOfUser)
  : new Promise((resolve) => parentPort.once('message', resolve));
register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
const { chooseRecommender, recommendWithChoice } = await import('./trainAndRecommend.ts');
const choice = await chooseRecommender(workerData);
const output = recommendWithChoice(choice, { ...workerData, segmentOfUser: await segments });
parentPort.postMessage(output, [output.users.buffer, output.items.buffer, output.scores.buffer]);
