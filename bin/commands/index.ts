import type { Command } from 'commander';
import { registerStart } from './start';

export function registerCommands(program: Command): void {
  registerStart(program);
}
