-- One quotes row per quote this run printed: its text as first printed, the speaker most
-- occurrences name (alphabetical on ties; NULL when none names one), how many documents carry it.
INSERT OR REPLACE INTO quotes (quote_id, text, speaker, n_documents, run_id)
WITH touched AS (
    SELECT DISTINCT quote_id FROM quote_occurrences WHERE run_id = $run_id
), occurrences AS (
    SELECT q.quote_id, q.doc_id, q."text", q.speaker,
           (d.published_date IS NULL, d.published_date, d.path) AS first_key
    FROM quote_occurrences AS q
    JOIN touched USING (quote_id)
    JOIN documents AS d USING (doc_id)
), speakers AS (
    SELECT quote_id, speaker
    FROM occurrences
    WHERE speaker IS NOT NULL
    GROUP BY quote_id, speaker
    QUALIFY row_number() OVER (PARTITION BY quote_id ORDER BY count(*) DESC, speaker) = 1
)
SELECT o.quote_id, arg_min(o."text", o.first_key), any_value(s.speaker), count(DISTINCT o.doc_id),
       $run_id
FROM occurrences AS o
LEFT JOIN speakers AS s USING (quote_id)
GROUP BY o.quote_id;
