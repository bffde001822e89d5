-- Add this run's casing counts (from documents that are not machine-translated).
INSERT INTO casing_lexicon AS c (phrase_key, cased_form, n)
SELECT phrase_key, cased_form, sum(n) FROM stage_casing GROUP BY ALL
ON CONFLICT (phrase_key, cased_form) DO UPDATE SET n = c.n + excluded.n;
