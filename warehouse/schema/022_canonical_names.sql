-- One row per spelling of a name: its canonical form is the most mentioned spelling of the
-- same variant_key across the warehouse (ties: alphabetical), e.g. Sergey Lavrov -> Sergei Lavrov.
CREATE OR REPLACE VIEW canonical_names AS
WITH spellings AS (
    SELECT variant_key, surface, count(*) AS mentions, count(DISTINCT doc_id) AS documents
    FROM name_mentions
    GROUP BY ALL
)
SELECT
    surface,
    first_value(surface) OVER (
        PARTITION BY variant_key ORDER BY mentions DESC, surface
    ) AS canonical,
    variant_key,
    mentions,
    documents
FROM spellings;
