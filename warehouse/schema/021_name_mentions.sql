-- Every person-like name mention in a body (after repair), with its transliteration key:
-- "Sergey Lavrov" and "Sergei Lavrov" share variant_key 'sergei lavrov'. The text is never
-- rewritten; canonical_names maps each spelling to one canonical form.
CREATE TABLE IF NOT EXISTS name_mentions (
    doc_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,          -- paragraph
    surface VARCHAR NOT NULL,          -- the name as written
    variant_key VARCHAR NOT NULL,      -- lower-cased, rewritten by glossaries/name_variants.toml
    run_id VARCHAR NOT NULL
);
