-- What the repair stage left alone on purpose in a machine-translated document, counted
-- (transforms/repair.py). documents.repair_skips: reason -> count, e.g. {'name:ambiguous': 1}
-- for a name in Russian romanization that matches two names of the gazetteer; empty when
-- nothing was skipped or the document was not repaired.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS repair_skips MAP(VARCHAR, INTEGER);
