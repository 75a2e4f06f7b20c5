import type { Command } from 'commander';
import { CliError } from '@/bin/cliError';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { evaluateDataset } from '@/lib/evaluate/evaluateDataset';
import { describeOutcome } from '@/lib/training/stageOutcome';

function fixed(value: number | null | undefined, digits = 3): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description(
      'Measure segments, recommendations, attribute inference, churn and predicted value on held-out data, beside baselines',
    )
    .requiredOption('--dataset <name>', 'dataset to evaluate (its active run gives the segments)')
    .option('--json', 'print one JSON object')
    .option(
      '--split <kind>',
      'recommendation hold-out: time (each user’s latest 20%) or random (default: the dataset’s recommendSplit setting, time unless set)',
    )
    .option('--test-ratio <r>', 'share of each user’s items held out by --split random (default 0.25)')
    .option('--seed <n>', 'random seed', '1')
    .option('--k <n>', 'recommendation list length', '10')
    .option('--truth <attribute...>', 'user attribute(s) to compare the segments with (ARI, NMI)')
    .action(
      async (options: {
        dataset: string;
        json?: boolean;
        split?: string;
        testRatio?: string;
        seed: string;
        k: string;
        truth?: string[];
      }) => {
        const datasetId = await findDatasetId(options.dataset);
        if (datasetId === null) throw new CliError(`No dataset named "${options.dataset}"`);
        if (options.split !== undefined && options.split !== 'time' && options.split !== 'random')
          throw new CliError('--split must be time or random');
        const testRatio = options.testRatio === undefined ? undefined : Number(options.testRatio);
        if (testRatio !== undefined && !(testRatio > 0 && testRatio < 1))
          throw new CliError('--test-ratio must be between 0 and 1');
        const k = Number(options.k);
        if (!Number.isInteger(k) || k < 1) throw new CliError('--k must be a positive whole number');
        const report = await evaluateDataset(datasetId, {
          split: options.split,
          testRatio,
          seed: Number(options.seed),
          k,
          truth: options.truth,
        }).catch((error: Error) => {
          throw new CliError(error.message);
        });
        if (options.json) {
          console.log(JSON.stringify(report, null, 2));
          return;
        }
        const { segments, recommend, attributes, churn } = report;
        console.log(
          `Segments: k=${segments.k}, silhouette ${fixed(segments.silhouette)}, Davies-Bouldin ${fixed(segments.daviesBouldin)}`,
        );
        for (const [name, value] of Object.entries(segments.agreement)) {
          console.log(`  vs ${name}: ARI ${fixed(value.ari)}, NMI ${fixed(value.nmi)} over ${value.users} users`);
        }
        if (recommend.skippedByRun) console.log(`Recommendations: not served by the run (${recommend.skippedByRun})`);
        else {
          console.log(
            `Recommendations (${recommend.model}, ${recommend.modelSource === 'active run' ? 'as served by the active run' : 'chosen on the training part'}, ${recommend.split} split, top ${recommend.k}, ` +
              `${recommend.users} users, ${recommend.items} items): nDCG ${fixed(recommend.ndcg)} vs popularity ${fixed(recommend.baselines.popularity.ndcg)}; ` +
              `precision ${fixed(recommend.precision)}, recall ${fixed(recommend.recall)}, hit rate ${fixed(recommend.hitRate)}, coverage ${fixed(recommend.coverage)}`,
          );
          if (recommend.replacedByPopularity)
            console.log(
              '  popularity is served: no trained recommender beat it on validation when the run was trained',
            );
        }
        for (const [name, value] of Object.entries(attributes) as [
          string,
          { metric: string; value: number; baseline: number; labelled: number; notPredictive?: string },
        ][]) {
          console.log(
            `Attribute ${name}: ${value.metric} ${fixed(value.value)} vs baseline ${fixed(value.baseline)} (${value.labelled} labelled users, 5-fold CV)` +
              (value.notPredictive ? ` - ${value.notPredictive}` : ''),
          );
        }
        console.log(
          churn
            ? `Churn: AUC ${fixed(churn.auc)} vs 0.5, lift@10% ${fixed(churn.lift10, 2)}, Brier ${fixed(churn.brier)} (${churn.positives} churned, ${churn.negatives} stayed)` +
                (churn.notPredictive ? ` - ${churn.notPredictive}; no churn risk is shown` : '')
            : `Churn: not trained (${report.churnReason})`,
        );
        const { value } = report;
        console.log(
          value
            ? `Predicted value, next ${value.horizonDays} days: ${value.model}, Spearman ${fixed(value.spearman)}, normalised Gini ${fixed(value.gini)}, MAE ${fixed(value.mae, 2)} vs previous ${value.horizonDays} days ${fixed(value.baseline.spearman)} / ${fixed(value.baseline.gini)} / ${fixed(value.baseline.mae, 2)} (${value.labelled} users, hold-out 20%)` +
                (value.notPredictive ? ` - ${value.notPredictive}; no predicted value is shown` : '')
            : `Predicted value: not trained (${report.valueReason})`,
        );
        for (const [target, entry] of Object.entries(report.targets)) {
          const goal = entry as {
            goal?: { name: string; horizonDays: number };
            skipped?: string;
            auc?: number;
            lift10?: number;
            calibrationError?: number;
            positives?: number;
            negatives?: number;
            notPredictive?: string;
          };
          if (!goal.goal) continue;
          console.log(
            goal.skipped
              ? `Goal ${target} "${goal.goal.name}": not trained (${goal.skipped})`
              : `Goal ${target} "${goal.goal.name}" within ${goal.goal.horizonDays} days: AUC ${fixed(goal.auc)} vs 0.5, lift@10% ${fixed(goal.lift10, 2)}, calibration error ${fixed(goal.calibrationError)} (${goal.positives} did it, ${goal.negatives} did not)` +
                  (goal.notPredictive ? ` - ${goal.notPredictive}; no scores are shown` : ''),
          );
        }
        const { ratings } = report;
        console.log(
          ratings
            ? `Ratings: RMSE ${fixed(ratings.rmse)}, MAE ${fixed(ratings.mae)} vs mean plus biases ${fixed(ratings.baseline.rmse)} / ${fixed(ratings.baseline.mae)} (${ratings.ratings} ratings, ${ratings.folds}-fold CV)`
            : `Ratings: not predicted (${report.ratingsReason})`,
        );
        for (const stage of report.run.stages.filter((outcome) => outcome.status !== 'ran' || outcome.note)) {
          console.log(`Run stage ${describeOutcome(stage)}`);
        }
      },
    );
}
