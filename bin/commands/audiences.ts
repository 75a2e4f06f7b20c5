import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { audienceDefinition } from '@/lib/audiences/audienceDefinition';
import { exportAudienceCsv } from '@/lib/audiences/exportAudienceCsv';
import { previewAudience } from '@/lib/audiences/previewAudience';
import { listAudiences } from '@/lib/audiences/readAudiences';
import { createAudience } from '@/lib/audiences/saveAudience';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { ApiError } from '@/lib/http/apiError';
import { CliError } from '../cliError';

/** `--rule` is the condition tree as JSON, or @file holding it (the shape POST /api/audiences takes as definition.root). */
function readRule(rule: string) {
  let text = rule;
  let where = '--rule';
  if (rule.startsWith('@')) {
    where = rule.slice(1);
    try {
      text = readFileSync(where, 'utf8');
    } catch (error) {
      throw new CliError(`Cannot read ${where}: ${(error as Error).message}`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = audienceDefinition.safeParse({ root: json });
  if (!parsed.success) {
    throw new CliError(
      `${where}: ${parsed.error.issues.map((issue) => `${issue.path.slice(1).join('.') || 'root'}: ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

async function datasetOf(name: string): Promise<number> {
  const id = await findDatasetId(name);
  if (id === null) throw new CliError(`No dataset named "${name}"`);
  return id;
}

async function orCliError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError) throw new CliError(error.message);
    throw error;
  }
}

export function registerAudiences(program: Command): void {
  const audiences = program
    .command('audiences')
    .description('Saved audiences: rules over segments, scores, profiles and behaviour');
  audiences
    .command('list')
    .requiredOption('--dataset <name>', 'dataset')
    .action(async (options: { dataset: string }) => {
      const list = await orCliError(async () => listAudiences(await datasetOf(options.dataset)));
      console.table(
        list.map((a) => ({
          id: a.id,
          name: a.name,
          kind: a.kind,
          members: a.size,
          holdout: a.holdoutShare,
          run: a.runId,
        })),
      );
    });
  audiences
    .command('size')
    .description('The size and a sample of a rule, without saving it')
    .requiredOption('--dataset <name>', 'dataset')
    .requiredOption('--rule <json|@file>', 'the condition tree')
    .action(async (options: { dataset: string; rule: string }) => {
      const definition = readRule(options.rule);
      const preview = await orCliError(async () => previewAudience(await datasetOf(options.dataset), definition));
      console.log(`${preview.size} of ${preview.population} users (run ${preview.runId}, ${preview.ms} ms)`);
      for (const member of preview.sample) console.log(`  ${member.userId}  ${member.segment}`);
      for (const note of preview.notes) console.log(`note: ${note.message}`);
    });
  audiences
    .command('create')
    .requiredOption('--dataset <name>', 'dataset')
    .requiredOption('--name <name>', 'audience name')
    .requiredOption('--rule <json|@file>', 'the condition tree')
    .option('--holdout <percent>', 'members kept as a control group, 0-50', '0')
    .action(async (options: { dataset: string; name: string; rule: string; holdout: string }) => {
      const holdout = Number(options.holdout);
      if (!Number.isFinite(holdout) || holdout < 0 || holdout > 50) throw new CliError('--holdout must be 0 to 50');
      const definition = readRule(options.rule);
      const audience = await orCliError(async () =>
        createAudience(
          await datasetOf(options.dataset),
          { name: options.name, definition, holdoutShare: holdout / 100 },
          'cli',
        ),
      );
      console.log(`Audience ${audience.id} "${audience.name}": ${audience.size} members`);
    });
  audiences
    .command('export')
    .description('Print the targeted members (never the control group) as CSV')
    .requiredOption('--id <n>', 'audience id')
    .action(async (options: { id: string }) => {
      const file = await orCliError(() => exportAudienceCsv(Number(options.id), 'cli'));
      for await (const chunk of file.chunks) process.stdout.write(chunk);
    });
}
