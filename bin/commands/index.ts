import type { Command } from 'commander';
import { registerCreateAdmin } from './createAdmin';
import { registerStart } from './start';

export function registerCommands(program: Command): void {
  registerStart(program);
  registerCreateAdmin(program);
}
