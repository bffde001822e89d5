-- What a sidecar `<file>.meta.json` beside a raw file says about it; its values win over the
-- file's own when the file is cleaned (and when a backfill cleans it again).
CREATE TABLE IF NOT EXISTS source_meta (
    path VARCHAR PRIMARY KEY,          -- the raw file described, relative to the source folder
    sha256 VARCHAR,                    -- SHA-256 of the sidecar's bytes
    url VARCHAR,                       -- the sidecar's url
    site VARCHAR,                      -- the sidecar's site (else the host of its url names it)
    title VARCHAR,
    author VARCHAR,
    published_date DATE,               -- first day of the period date_precision says
    date_precision VARCHAR,            -- 'day', 'month' or 'year'
    run_id VARCHAR NOT NULL            -- run that read this version of the sidecar
);
