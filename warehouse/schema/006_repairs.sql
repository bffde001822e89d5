-- Every edit the repair stage made: replaying them in order over paragraphs.raw_text gives paragraphs.text.
CREATE TABLE IF NOT EXISTS repairs (
    doc_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,          -- paragraph
    seq INTEGER NOT NULL,              -- order of the edit inside the paragraph
    "start" INTEGER NOT NULL,          -- span [start, end) of `after` in the repaired paragraph
    "end" INTEGER NOT NULL,
    "before" VARCHAR NOT NULL,
    "after" VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,             -- e.g. 'glossary:acronym:MGPS', 'truecase'
    run_id VARCHAR NOT NULL
);
