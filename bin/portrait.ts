import { Command, CommanderError } from 'commander';
import { closePools } from '@/lib/db/connection';
import { disconnectPrisma } from '@/lib/db/prisma';
import { type ResolvedDatabase, resolveDatabase } from '@/lib/server/resolveDatabase';
import { CliError } from './cliError';
import { registerCommands } from './commands';

const program = new Command('portrait')
  .description('Portrait: user profiles, segments, personas, predictions and recommendations from raw behaviour')
  .showHelpAfterError()
  .exitOverride();

registerCommands(program);

const commandsWithoutDatabase = new Set(['start', 'demo', 'help']);
let embedded = null as ResolvedDatabase['embedded'];
program.hook('preAction', async (_program, command) => {
  if (commandsWithoutDatabase.has(command.name())) return;
  embedded = (await resolveDatabase()).embedded;
});

let exitCode = 0;
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    exitCode = error.exitCode;
  } else if (error instanceof CliError) {
    console.error(`error: ${error.message}`);
    exitCode = error.exitCode;
  } else {
    console.error(`error: ${(error as Error).message}`);
    if (process.env.DEBUG) console.error(error);
    exitCode = 1;
  }
}
if (!program.opts().keepAlive) {
  await Promise.allSettled([disconnectPrisma(), closePools()]);
  await embedded?.stop();
}
process.exitCode = exitCode;
