import type { Command } from 'commander';
import { registerCreateAdmin } from './createAdmin';
import { registerDemo } from './demo';
import { registerEvaluate } from './evaluate';
import { registerStart } from './start';
import { registerTrain } from './train';

export function registerCommands(program: Command): void {
  registerStart(program);
  registerCreateAdmin(program);
  registerDemo(program);
  registerTrain(program);
  registerEvaluate(program);
}
