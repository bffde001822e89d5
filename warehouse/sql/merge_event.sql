-- Fold an absorbed event into its survivor; the absorbed id stays resolvable in event_merges,
-- with the probability the second pass gave the two being one event.
UPDATE event_documents SET event_id = $survivor_id, run_id = $run_id WHERE event_id = $absorbed_id;
DELETE FROM events WHERE event_id = $absorbed_id;
INSERT OR REPLACE INTO event_merges (absorbed_id, survivor_id, run_id, probability)
VALUES ($absorbed_id, $survivor_id, $run_id, $probability);
