import { concatenateColumns } from '@/lib/ml/predict/concatenateColumns';
import { hashedItemFeatures } from '@/lib/ml/predict/hashedItemFeatures';
import type { UserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import type { DenseMatrix } from '@/lib/ml/types';

/**
 * The features attribute models learn from, per user: the profile vector, the item factors of the
 * user x item matrix and hashed item buckets, with a readable name per column.
 */
export function attributeFeatures(input: {
  profile: DenseMatrix;
  itemFactors: DenseMatrix;
  interactions: UserItemInteractions;
  itemIds: string[];
  profileColumnNames?: string[];
}): { matrix: DenseMatrix; names: string[] } {
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
  return { matrix, names };
}
