-- Event features of the documents this run loaded.
SELECT doc_id, "year", "month", "day", names, terms, order_key, latest_year
FROM event_features
WHERE run_id = $run_id
ORDER BY doc_id;
