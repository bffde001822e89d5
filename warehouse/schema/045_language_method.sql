-- How `language` was decided: 'stopwords' (a sample whose English function-word share is
-- decisive; language_confidence is NULL then) or 'langdetect' (its probability is stored).
ALTER TABLE documents ADD COLUMN IF NOT EXISTS language_method VARCHAR;
