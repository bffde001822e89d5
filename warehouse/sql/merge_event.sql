-- Fold an absorbed event into its survivor; the absorbed id stays resolvable in event_merges.
UPDATE event_documents SET event_id = $survivor_id, run_id = $run_id WHERE event_id = $absorbed_id;
DELETE FROM events WHERE event_id = $absorbed_id;
INSERT OR REPLACE INTO event_merges (absorbed_id, survivor_id, run_id)
VALUES ($absorbed_id, $survivor_id, $run_id);
