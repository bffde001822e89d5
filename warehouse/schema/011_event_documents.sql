-- Which documents report which event (a document reports one event).
CREATE TABLE IF NOT EXISTS event_documents (
    event_id VARCHAR NOT NULL,
    doc_id VARCHAR PRIMARY KEY,
    run_id VARCHAR NOT NULL
);
