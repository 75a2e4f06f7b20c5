import type { Command } from 'commander';
import { CliError } from '@/bin/cliError';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { AssignmentError, assignToActiveRun } from '@/lib/training/assignToActiveRun';

export function registerAssign(program: Command): void {
  program
    .command('assign')
    .description(
      'Re-profile users with new events against the active run and move them to their nearest segment, without a retrain',
    )
    .requiredOption('--dataset <name>', 'dataset whose active run to assign to')
    .option(
      '--users <ids>',
      'comma-separated user ids (default: users with events after the run, or imported since it)',
    )
    .option('--since <iso>', 'users with events at or after this time, or imported since it')
    .option('--no-embed', 'do not load the text model for texts its cache lacks (they are left out of the text vector)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { dataset: string; users?: string; since?: string; embed: boolean; json?: boolean }) => {
      const datasetId = await findDatasetId(options.dataset);
      if (datasetId === null)
        throw new CliError(`No dataset named "${options.dataset}" (see \`npx portrait datasets\`)`);
      if (options.users && options.since) throw new CliError('Give --users or --since, not both');
      const since = options.since ? new Date(options.since) : undefined;
      if (since && Number.isNaN(since.getTime())) throw new CliError(`--since "${options.since}" is not an ISO date`);
      const userIds = options.users
        ?.split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      if (userIds && userIds.length === 0) throw new CliError('--users names no user');
      const result = await assignToActiveRun(datasetId, { userIds, since, embedNewTexts: options.embed }).catch(
        (error: Error) => {
          throw error instanceof AssignmentError ? new CliError(error.message) : error;
        },
      );
      if (options.json) {
        console.log(JSON.stringify(result, null, 2));
        return;
      }
      console.log(
        `Run ${result.runId}: ${result.assigned} users re-profiled in ${result.ms} ms; ` +
          `${result.moved} moved segment, ${result.added} new to the run`,
      );
      for (const change of result.changes.slice(0, 20)) {
        console.log(
          `  ${change.userId}: ${change.from === null ? 'new' : `segment ${change.from}`} -> segment ${change.to}`,
        );
      }
      if (result.changes.length > 20) console.log(`  ... and ${result.changes.length - 20} more`);
      if (result.withoutEvents.length) console.log(`No events for: ${result.withoutEvents.slice(0, 20).join(', ')}`);
      if (result.textsWithoutVector)
        console.log(`${result.textsWithoutVector} texts left out of text vectors: ${result.textReason}`);
    });
}
