import type { Command } from 'commander';
import { CliError } from '@/bin/cliError';
import { type ApiKeyScope, apiKeyScopes, listApiKeys } from '@/lib/auth/apiKeys';
import { createDatasetApiKey, revokeDatasetApiKey } from '@/lib/auth/manageApiKeys';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { ApiError } from '@/lib/http/apiError';

export function registerApiKeys(program: Command): void {
  const keys = program.command('api-key').description('Ingest API keys for POST /api/datasets/:id/events');
  keys
    .command('create')
    .description('Create a key for one dataset; the key is printed once and stored only hashed')
    .requiredOption('--dataset <name>', 'dataset the key may write to')
    .option('--name <label>', 'a label to recognise the key by', 'ingest')
    .option('--scope <scope...>', `what the key may do: ${apiKeyScopes.join(', ')}`, ['ingest'])
    .action(async (options: { dataset: string; name: string; scope: string[] }) => {
      const datasetId = await findDatasetId(options.dataset);
      if (datasetId === null) throw new CliError(`No dataset named "${options.dataset}"`);
      // `--scope ingest,profiles:read` as the other list options take it, or `--scope ingest profiles:read`
      const scopes = [
        ...new Set(options.scope.flatMap((scope) => scope.split(',')).map((scope) => scope.trim())),
      ].filter(Boolean);
      const unknown = scopes.filter((scope) => !(apiKeyScopes as readonly string[]).includes(scope));
      if (unknown.length) throw new CliError(`Unknown scope ${unknown.join(', ')}: use ${apiKeyScopes.join(' or ')}`);
      const { key, apiKey: summary } = await createDatasetApiKey(
        'cli',
        datasetId,
        options.name,
        scopes as ApiKeyScope[],
      );
      console.log(`API key ${summary.id} for dataset ${options.dataset} (id ${datasetId}):`);
      console.log(key);
    });
  keys
    .command('list')
    .description('List keys (prefixes only)')
    .action(async () => {
      console.table(
        (await listApiKeys()).map((key) => ({
          id: key.id,
          dataset: key.datasetId,
          name: key.name,
          prefix: `pk_${key.prefix}_…`,
          scopes: key.scopes.join(' '),
          revoked: key.revokedAt ? key.revokedAt.toISOString() : '',
        })),
      );
    });
  keys
    .command('revoke')
    .description('Revoke a key by id')
    .argument('<id>', 'key id from `api-key list`')
    .action(async (id: string) => {
      if (!/^\d+$/.test(id)) throw new CliError(`Not an API key id: ${id}`);
      try {
        await revokeDatasetApiKey('cli', Number(id));
      } catch (error) {
        if (error instanceof ApiError) throw new CliError(error.message);
        throw error;
      }
      console.log(`Revoked API key ${id}`);
    });
}
