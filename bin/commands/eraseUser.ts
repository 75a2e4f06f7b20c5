import type { Command } from 'commander';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { ApiError } from '@/lib/http/apiError';
import { eraseTrackedUser } from '@/lib/privacy/eraseTrackedUser';
import { CliError } from '../cliError';

export function registerEraseUser(program: Command): void {
  program
    .command('erase-user')
    .description(
      'Erase a tracked user (privacy request): events, attributes, profiles, scores, recommendations, persona mentions; audited',
    )
    .requiredOption('--dataset <name>', 'dataset the user belongs to')
    .requiredOption('--user <id>', 'the user id as imported')
    .action(async (options: { dataset: string; user: string }) => {
      const datasetId = await findDatasetId(options.dataset);
      if (datasetId === null) throw new CliError(`No dataset named "${options.dataset}"`);
      let erased: Awaited<ReturnType<typeof eraseTrackedUser>>;
      try {
        erased = await eraseTrackedUser('cli', datasetId, options.user);
      } catch (error) {
        if (error instanceof ApiError) throw new CliError(error.message);
        throw error;
      }
      if (!erased) throw new CliError(`Dataset "${options.dataset}" has no user "${options.user}"`);
      const { deleted } = erased;
      console.log(
        `Erased user ${options.user} from ${options.dataset}: ${deleted.events} events, ${deleted.attributes} attributes, ` +
          `${deleted.profiles} profiles, ${deleted.scores} scores, ${deleted.recommendations} recommendations, ` +
          `${deleted.representativeMentions} persona mentions, ${deleted.textEmbeddings} cached text embeddings.`,
      );
      const { files } = erased;
      if (files.exportFiles || files.rejectedRows || files.importErrors) {
        console.log(
          `Also removed: ${files.exportFiles} export files that named the user, ${files.rejectedRows} rejected rows ` +
            `from upload reject files and ${files.importErrors} bad-row messages from import reports.`,
        );
      }
      console.log(`The audit log records it as user ${erased.userRef}.`);
    });
}
