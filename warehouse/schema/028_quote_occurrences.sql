-- Where each quote was printed: join documents.published_date to find who carried it first.
CREATE TABLE IF NOT EXISTS quote_occurrences (
    quote_id VARCHAR NOT NULL,         -- quotes.quote_id
    doc_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,          -- paragraph of the document
    "text" VARCHAR NOT NULL,           -- as this document prints it
    speaker VARCHAR,                   -- as this document attributes it
    run_id VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, quote_id)
);
