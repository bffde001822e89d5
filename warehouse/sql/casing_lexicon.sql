-- Corpus casing evidence for the repair stage.
SELECT phrase_key, cased_form, n FROM casing_lexicon;
