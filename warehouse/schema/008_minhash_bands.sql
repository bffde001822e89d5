-- LSH band keys of each document's MinHash signature: a new document finds its near-duplicate
-- candidates by joining its keys here, not by rebuilding an index in memory.
CREATE TABLE IF NOT EXISTS minhash_bands (
    doc_id VARCHAR NOT NULL,
    band_key VARCHAR NOT NULL,         -- '<band>:<hash of the band rows>'
    run_id VARCHAR NOT NULL
);
