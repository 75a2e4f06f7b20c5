import type { Command } from 'commander';
import { datasetSettingsPatch, getDatasetSettings, updateDatasetSettings } from '@/lib/datasets/datasetSettings';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { CliError } from '../cliError';

interface SettingsOptions {
  dataset: string;
  purchaseTypes?: string;
  horizonDays?: string;
  valueHorizonDays?: string;
  segmentSizeFloor?: string;
  recommendSplit?: string;
  sensitiveAttributes?: string;
  currency?: string;
  displayName?: string[];
  retentionDays?: string;
  json?: boolean;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

function wholeNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value))
    throw new CliError(`${flag} must be a whole number, not "${text}"`);
  return value;
}

/** `--display-name signup_channel="Came from"`, repeated; `name=` alone drops that name's own label. */
function displayNames(pairs: string[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`--display-name takes name=label, not "${pair}"`);
    const label = pair.slice(at + 1).trim();
    if (label) names[pair.slice(0, at).trim()] = label;
  }
  return names;
}

/** The options given, as a settings patch; an empty object when none was given. */
function patchFrom(options: SettingsOptions): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (options.purchaseTypes !== undefined)
    patch.purchaseTypes = list(options.purchaseTypes).map((type) => type.toLowerCase());
  if (options.horizonDays !== undefined) patch.horizonDays = wholeNumber(options.horizonDays, '--horizon-days');
  if (options.valueHorizonDays !== undefined)
    patch.valueHorizonDays = wholeNumber(options.valueHorizonDays, '--value-horizon-days');
  if (options.segmentSizeFloor !== undefined)
    patch.segmentSizeFloor = wholeNumber(options.segmentSizeFloor, '--segment-size-floor');
  // left to the patch schema, which names the allowed values
  if (options.recommendSplit !== undefined) patch.recommendSplit = options.recommendSplit.trim().toLowerCase();
  if (options.sensitiveAttributes !== undefined) patch.sensitiveAttributes = list(options.sensitiveAttributes);
  if (options.currency !== undefined) {
    const code = options.currency.trim();
    patch.currency = code === '' || code.toLowerCase() === 'none' ? null : code;
  }
  if (options.displayName !== undefined) patch.displayNames = displayNames(options.displayName);
  if (options.retentionDays !== undefined) {
    const days = options.retentionDays.trim();
    patch.retentionDays = days.toLowerCase() === 'none' ? null : wholeNumber(days, '--retention-days');
  }
  return patch;
}

export function registerSettings(program: Command): void {
  program
    .command('settings')
    .description("Show a dataset's settings, or change those given (the same settings as Admin's Settings tab)")
    .requiredOption('--dataset <name>', 'dataset name')
    .option('--purchase-types <types>', 'event types that count as purchases, comma-separated, e.g. buy,order')
    .option('--horizon-days <days>', 'churn and propensity horizon in days (1-365)')
    .option('--value-horizon-days <days>', 'predicted value horizon in days (1-365, default 90)')
    .option('--segment-size-floor <users>', 'smallest segment shown on its own; smaller ones are merged')
    .option(
      '--recommend-split <kind>',
      'what runs tune the recommender on and evaluate measures by default: time (each user’s next items) or random',
    )
    .option(
      '--sensitive-attributes <names>',
      'user attributes never inferred, comma-separated (replaces the list; an empty string clears it)',
    )
    .option('--currency <code>', 'ISO 4217 currency of prices and spend, e.g. EUR; "none" for plain numbers')
    .option(
      '--display-name <name=label>',
      'what analysts read for an attribute or event type, e.g. signup_channel="Came from" (repeatable; replaces the list)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--retention-days <days>',
      'delete events older than this many days (workers apply it hourly, or portrait apply-retention); "none" keeps all',
    )
    .option('--json', 'print JSON')
    .action(async (options: SettingsOptions) => {
      const datasetId = await findDatasetId(options.dataset);
      if (datasetId === null) throw new CliError(`No dataset named "${options.dataset}"`);
      const patch = patchFrom(options);
      const parsed = datasetSettingsPatch.safeParse(patch);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`);
        throw new CliError(`Settings not changed: ${problems.join('; ')}`);
      }
      const view =
        Object.keys(patch).length > 0
          ? await updateDatasetSettings('cli', datasetId, parsed.data)
          : await getDatasetSettings(datasetId);
      if (options.json) {
        console.log(JSON.stringify({ ...view.settings, ...view.display, retentionDays: view.retentionDays }, null, 2));
        return;
      }
      const { settings } = view;
      if (Object.keys(patch).length > 0)
        console.log(`Settings of ${options.dataset} changed; the next training run uses them.`);
      console.log(`purchase types:        ${settings.purchaseTypes.join(', ')}`);
      console.log(`horizon:               ${settings.horizonDays} days`);
      console.log(`value horizon:         ${settings.valueHorizonDays} days`);
      console.log(`segment size floor:    ${settings.segmentSizeFloor} users`);
      console.log(`recommender split:     ${settings.recommendSplit}`);
      console.log(`sensitive attributes:  ${settings.sensitiveAttributes.join(', ') || '(none)'}`);
      console.log(`currency:              ${view.display.currency ?? '(none: plain numbers)'}`);
      console.log(
        `event retention:       ${view.retentionDays === null ? '(none: every event kept)' : `${view.retentionDays} days`}`,
      );
      const named = Object.entries(view.display.displayNames).sort(([a], [b]) => a.localeCompare(b));
      console.log(
        `display names:         ${named.map(([name, label]) => `${name} = ${label}`).join(', ') || '(defaults: signup_channel reads "Signup channel")'}`,
      );
    });
}
