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
    reason VARCHAR NOT NULL,           -- why the body does not hold it: a use ('title', 'byline', 'date_line', 'url_line'), a rule ('chrome', 'site_template', 'repeat', ...) or where it sits ('above_article', 'within_article', 'below_article')
    run_id VARCHAR NOT NULL            -- run that cleaned the document
);
