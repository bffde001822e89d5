-- Events left without any report after a backfill moved their documents elsewhere.
DELETE FROM events WHERE event_id NOT IN (SELECT event_id FROM event_documents);
