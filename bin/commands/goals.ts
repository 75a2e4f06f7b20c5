import type { Command } from 'commander';
import { CliError } from '@/bin/cliError';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { DomainError } from '@/lib/errors/domainError';
import { createGoal } from '@/lib/goals/createGoal';
import { deleteGoal } from '@/lib/goals/deleteGoal';
import { goalRequest } from '@/lib/goals/goalRequest';
import { listGoals } from '@/lib/goals/listGoals';

async function datasetIdOf(name: string): Promise<number> {
  const datasetId = await findDatasetId(name);
  if (datasetId === null) throw new CliError(`No dataset named "${name}"`);
  return datasetId;
}

/** Domain errors (an unknown event type, a goal that does not exist) are the CLI's plain messages. */
async function plainly<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(error.message);
    throw error;
  }
}

function number(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new CliError(`${flag} must be a number, not "${text}"`);
  return value;
}

export function registerGoals(program: Command): void {
  const goals = program
    .command('goals')
    .description('Custom prediction goals: "will do event T (on category C, over value V) within H days"');
  goals
    .command('add')
    .description('Define a goal; the next retrain trains it like churn (hold-out AUC against 0.5)')
    .requiredOption('--dataset <name>', 'dataset')
    .requiredOption('--event <type>', 'the event type the goal is about, e.g. purchase')
    .requiredOption('--days <n>', 'within this many days (1-365)')
    .requiredOption('--name <text>', 'what the dashboard calls it')
    .option('--category <category>', 'only events on items of this category')
    .option('--min-value <v>', 'only events with a value over this')
    .action(
      async (options: {
        dataset: string;
        event: string;
        days: string;
        name: string;
        category?: string;
        minValue?: string;
      }) => {
        const datasetId = await datasetIdOf(options.dataset);
        const parsed = goalRequest.safeParse({
          name: options.name,
          eventType: options.event,
          category: options.category ?? null,
          minValue: number('--min-value', options.minValue) ?? null,
          horizonDays: number('--days', options.days),
        });
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new CliError(`Invalid goal: ${issue.path.join('.') || 'goal'}: ${issue.message}`);
        }
        const goal = await plainly(() => createGoal('cli', datasetId, parsed.data));
        console.log(`Goal ${goal.id} "${goal.name}" saved as target ${goal.target}; the next retrain trains it.`);
      },
    );
  goals
    .command('list')
    .description("List a dataset's goals")
    .requiredOption('--dataset <name>', 'dataset')
    .option('--json', 'print JSON')
    .action(async (options: { dataset: string; json?: boolean }) => {
      const list = await listGoals(await datasetIdOf(options.dataset));
      if (options.json) {
        console.log(JSON.stringify(list, null, 2));
        return;
      }
      if (list.length === 0) {
        console.log(`No goals for ${options.dataset}. Add one with \`portrait goals add\`.`);
        return;
      }
      console.table(
        list.map((goal) => ({
          id: goal.id,
          target: goal.target,
          name: goal.name,
          event: goal.eventType,
          category: goal.category ?? '',
          'min value': goal.minValue ?? '',
          days: goal.horizonDays,
        })),
      );
    });
  goals
    .command('remove')
    .description('Remove a goal; runs already trained keep its scores')
    .requiredOption('--dataset <name>', 'dataset')
    .argument('<id>', 'goal id from `goals list`')
    .action(async (id: string, options: { dataset: string }) => {
      if (!/^\d+$/.test(id)) throw new CliError(`Not a goal id: ${id}`);
      const datasetId = await datasetIdOf(options.dataset);
      await plainly(() => deleteGoal('cli', datasetId, Number(id)));
      console.log(`Removed goal ${id}`);
    });
}
