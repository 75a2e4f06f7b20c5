-- An import into an empty dataset attaches the table it loaded as the dataset's partition, and
-- ATTACH checked the foreign key from events to datasets on every row of it: 0.14-0.17 s of the
-- demo's 2.1 million events, 0.3 s when a filled dataset's 4.2 million were rebuilt. Each event
-- sent over HTTP, or merged by a small import, checked the key row by row as well. Every writer
-- of events already makes sure, under the dataset's lock, that the dataset exists (an import
-- creates it in its own transaction). What the key still did was delete a dataset's events
-- with the dataset, which this trigger does (deleteDataset drops the partition first).
ALTER TABLE "events" DROP CONSTRAINT "events_dataset_id_fkey";

CREATE FUNCTION delete_events_of_dataset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM events WHERE dataset_id = OLD.id;
  RETURN NULL;
END $$;

CREATE TRIGGER datasets_delete_events AFTER DELETE ON datasets
  FOR EACH ROW EXECUTE FUNCTION delete_events_of_dataset();
