import { concatenateColumns } from '@/lib/ml/predict/concatenateColumns';
import { hashedItemFeatures } from '@/lib/ml/predict/hashedItemFeatures';
import { type FeatureRows, itemRowsOf } from '@/lib/ml/predict/sparseRows';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import type { DenseMatrix } from '@/lib/ml/types';

/**
 * The features attribute models learn from, per user: the profile vector, the item factors of the
 * user x item matrix and hashed item buckets, with a readable name per column; beside them the raw
 * user x item rows (the items family's input), whose names follow the columns' ("item <id>").
 */
export function attributeFeatures(input: {
  profile: DenseMatrix;
  itemFactors: DenseMatrix;
  interactions: UserItemInteractions;
  itemIds: string[];
  profileColumnNames?: string[];
}): { matrix: FeatureRows; names: string[] } {
  const { profile, itemFactors } = input;
  const matrix = concatenateColumns(profile, itemFactors, hashedItemFeatures(input.interactions, input.itemIds));
  const itemFactorEnd = profile.cols + itemFactors.cols;
  const names = Array.from({ length: matrix.cols }, (_, c) =>
    c < profile.cols
      ? (input.profileColumnNames?.[c] ?? `profile ${c}`)
      : c < itemFactorEnd
        ? `item factor ${c - profile.cols}`
        : `item bucket ${c - itemFactorEnd}`,
  );
  for (const id of input.itemIds) names.push(`item ${id}`);
  return { matrix: { ...matrix, itemRows: itemRowsOf(input.interactions) }, names };
}
