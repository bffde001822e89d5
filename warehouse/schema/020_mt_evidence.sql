-- Why a document or paragraph was scored as machine-translated (transforms/mt_detect.py).
-- documents.mt_evidence: feature -> hits that fired, e.g. {'glossary:acronym:MGPS': 2,
-- 'casing_broken': 4, 'dialogue_dash': 1}; empty for a document with no evidence.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS mt_evidence MAP(VARCHAR, INTEGER);
-- paragraphs.mt_score: the same 0..1 score computed over the paragraph alone.
ALTER TABLE paragraphs ADD COLUMN IF NOT EXISTS mt_score DOUBLE;
