-- Every non-blank line of a text or markdown dump that its document's body does not hold, with
-- why (README "Drop reasons"); the lines the body holds are the raw text's other lines, so
-- `wirehouse explain` shows a dump line by line from this table and raw_files.raw_text. HTML
-- pages have no rows: what trafilatura returned is their record (documents.raw_body).
-- No key: the clean stage writes each (doc_id, line_no) once, and a backfill replaces a
-- document's rows whole.
CREATE TABLE IF NOT EXISTS cleaning_drops (
    doc_id VARCHAR NOT NULL,           -- documents.doc_id
    line_no INTEGER NOT NULL,          -- line of raw_files.raw_text, from 1 (breaks: \n, \r\n, \r, \v, U+0085, U+2028, U+2029)
    text VARCHAR NOT NULL,             -- the line as the raw text has it, without surrounding spaces
    reason VARCHAR NOT NULL,           -- what the line is, by the dump line model: a use ('title', 'byline', 'date_line', 'url'), 'chrome:<kind>' ('chrome:share', 'chrome:page', ...), 'duplicate', 'author_note', 'template', 'markup:<kind>' (README "Drop reasons")
    detail VARCHAR,                    -- what decided: the model's probability and strongest signal ('p=0.97 (kind_share+3.1)'), or the rule
    run_id VARCHAR NOT NULL            -- run that cleaned the document
);
