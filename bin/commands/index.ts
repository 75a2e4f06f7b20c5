import type { Command } from 'commander';
import { registerApiKeys } from './apiKeys';
import { registerApplyRetention } from './applyRetention';
import { registerAssign } from './assign';
import { registerAudiences } from './audiences';
import { registerCreateAdmin } from './createAdmin';
import { registerDatasets } from './datasets';
import { registerDemo } from './demo';
import { registerEraseUser } from './eraseUser';
import { registerEvaluate } from './evaluate';
import { registerExport } from './export';
import { registerGoals } from './goals';
import { registerImport } from './importData';
import { registerSettings } from './settings';
import { registerStart } from './start';
import { registerTrain } from './train';
import { registerWorker } from './worker';

export function registerCommands(program: Command): void {
  registerStart(program);
  registerCreateAdmin(program);
  registerDemo(program);
  registerImport(program);
  registerDatasets(program);
  registerSettings(program);
  registerTrain(program);
  registerEvaluate(program);
  registerAssign(program);
  registerExport(program);
  registerApiKeys(program);
  registerAudiences(program);
  registerGoals(program);
  registerEraseUser(program);
  registerApplyRetention(program);
  registerWorker(program);
}
