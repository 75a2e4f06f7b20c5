-- Real-time updates rewrite a user's scores after every new event. With the score's value in an
-- index, every rewrite was a non-HOT update through all three indexes (157 ms a batch of 1,000
-- users on the 100,000-user demo, the costliest statement of an update); without it, 90% are HOT
-- and the upsert took 68 ms. Audiences' score conditions read the (run_id, target) prefix of the
-- key instead: the demo's churn >= 0.7 audience took 40 ms instead of 33.
DROP INDEX IF EXISTS "scores_run_id_target_value_user_id_idx";
