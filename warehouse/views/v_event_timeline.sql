-- Events in time, one row per report: who reported it, when, and in what order.
CREATE OR REPLACE VIEW v_event_timeline AS
SELECT
    e.event_id,
    e.event_date,
    e.date_precision AS event_date_precision,
    e.title AS event_title,
    e.n_documents,
    row_number() OVER (
        PARTITION BY e.event_id ORDER BY d.published_date NULLS LAST, d.doc_id
    ) AS report_rank,                                -- 1 = the first report of the event
    d.doc_id,
    d.site AS outlet,                                -- documents.site; NULL when nothing names one
    d.published_date,
    d.published_date - e.event_date AS days_after_event,
    d.title,
    d.language,
    d.machine_translated
FROM events e
JOIN event_documents ed ON ed.event_id = e.event_id
JOIN documents d ON d.doc_id = ed.doc_id;
