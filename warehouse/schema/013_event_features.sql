-- What event grouping compares: date parts, proper-name keys and term counts per document,
-- so candidate events for new documents are found by SQL (date window, shared names).
CREATE TABLE IF NOT EXISTS event_features (
    doc_id VARCHAR PRIMARY KEY,
    "year" INTEGER,
    "month" INTEGER,
    "day" INTEGER,
    names VARCHAR[] NOT NULL,
    terms MAP(VARCHAR, INTEGER) NOT NULL,
    order_key VARCHAR NOT NULL,        -- 'YYYY-MM-DD|doc_id': which report came first
    run_id VARCHAR NOT NULL
);
