/**
 * run_artifacts name of the served rating model's item side (StoredRatingModel): a sample-fitted
 * run folds every user into it, chunk by chunk, for their recommendations' predicted ratings.
 */
export const ratingModelArtifact = 'ratingModel';
