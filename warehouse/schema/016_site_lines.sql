-- Short lines (menus, share bars, promos, footers) each document printed, by site: a line that
-- recurs in many documents of one site is that site's template, and later runs drop it.
CREATE TABLE IF NOT EXISTS site_lines (
    doc_id VARCHAR NOT NULL,           -- documents.doc_id of the document that printed the line
    site VARCHAR NOT NULL,             -- documents.site
    line_hash VARCHAR NOT NULL,        -- transforms.templates.line_hash of the casefolded words
    run_id VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, line_hash)
);
