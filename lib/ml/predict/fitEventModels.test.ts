import { describe, expect, it } from 'vitest';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { defaultPipelineSettings } from '@/lib/ml/types';
import { generateSyntheticEvents } from '@/test/fixtures/syntheticEvents';
import { type EventModelsInput, fitEventModels, fitEventModelsInThread } from './fitEventModels';

function input(): EventModelsInput {
  const { events, items } = generateSyntheticEvents({ users: 3000, seed: 21 });
  return {
    events,
    items,
    settings: defaultPipelineSettings,
    interactions: buildUserItemInteractions(events),
    goals: [],
    seed: 4,
    families: ['linear'],
    boosting: { rounds: 10, maxDepth: 3 },
  };
}

describe('fitEventModels', () => {
  it('on its own thread answers exactly as on this one, without falling back', async () => {
    const lines: string[] = [];
    const threaded = await fitEventModelsInThread(input(), (line) => lines.push(line)).result;
    expect(lines).toEqual([]);
    const here = await fitEventModels(input());
    expect((here.fitted.churn as { result: { status: string } }).result.status).toBe('trained');
    expect((here.fitted.propensity as { status: string }).status).toBe('ready');
    expect(threaded).toEqual(here);
  });

  it('stop() ends the thread and the result never settles into an unhandled failure', async () => {
    const running = fitEventModelsInThread(input());
    running.result.catch(() => {});
    running.stop();
    const outcome = await Promise.race([
      running.result.then(
        () => 'answered',
        () => 'failed',
      ),
      new Promise((resolve) => setTimeout(() => resolve('stopped quietly'), 1500)),
    ]);
    expect(outcome).toBe('stopped quietly');
  });
});
