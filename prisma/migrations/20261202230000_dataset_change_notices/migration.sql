-- Web processes cache dataset rows (lib/queries/requireRun.ts) for as long as they listen on
-- portrait_changes; every committed write to datasets, from any process or by hand, tells them.
CREATE FUNCTION "portrait_announce_datasets_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('portrait_changes', 'datasets');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "datasets_announce_change"
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "datasets"
FOR EACH STATEMENT EXECUTE FUNCTION "portrait_announce_datasets_change"();
