-- A paragraph printed twice in one article is kept in `paragraphs` (the body stays as printed)
-- but marked: repeat_of is the ordinal of its first occurrence in the same document, NULL for
-- a first occurrence. Hashes, signatures and paragraph_occurrences count it once.
ALTER TABLE paragraphs ADD COLUMN IF NOT EXISTS repeat_of INTEGER;
