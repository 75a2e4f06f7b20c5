-- The rating a user would give a recommended item, from the run's rating model; null on data
-- without explicit ratings.
ALTER TABLE "recommendations" ADD COLUMN "predicted_rating" DOUBLE PRECISION;
