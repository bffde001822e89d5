-- Who carried each quote, in order: carrier_rank 1 is the first document to print it
-- (by published_date, undated last, then path).
CREATE OR REPLACE VIEW v_quote_carriers AS
SELECT
    q.quote_id,
    q."text" AS quote,
    q.speaker,
    q.n_documents,
    row_number() OVER (
        PARTITION BY q.quote_id ORDER BY d.published_date NULLS LAST, d.path
    ) AS carrier_rank,
    d.doc_id,
    d.site AS outlet,                               -- NULL when nothing names the site
    d.published_date,
    o.speaker AS attributed_to,                     -- as this document names the speaker
    d.title
FROM quotes q
JOIN quote_occurrences o ON o.quote_id = q.quote_id
JOIN documents d ON d.doc_id = o.doc_id;
