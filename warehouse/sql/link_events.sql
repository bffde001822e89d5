-- Link this run's documents to their events (staged by the loader from assign_events).
INSERT INTO event_documents (event_id, doc_id, run_id)
SELECT event_id, doc_id, $run_id FROM stage_event_links
ON CONFLICT (doc_id) DO UPDATE SET event_id = excluded.event_id, run_id = excluded.run_id;
