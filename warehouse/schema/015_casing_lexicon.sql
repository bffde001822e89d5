-- How multiword names are cased in documents that are not machine-translated; the repair
-- stage trusts a casing only where this evidence is strong.
CREATE TABLE IF NOT EXISTS casing_lexicon (
    phrase_key VARCHAR NOT NULL,       -- lower-cased phrase
    cased_form VARCHAR NOT NULL,
    n BIGINT NOT NULL,                 -- occurrences
    PRIMARY KEY (phrase_key, cased_form)
);
