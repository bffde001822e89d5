-- Full MinHash signatures, to estimate the Jaccard similarity of candidate pairs.
CREATE TABLE IF NOT EXISTS minhash_signatures (
    doc_id VARCHAR PRIMARY KEY,
    signature BIGINT[] NOT NULL,
    run_id VARCHAR NOT NULL
);
