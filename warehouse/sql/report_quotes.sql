-- Quotes carried by the most outlets, with who printed each first.
SELECT text, speaker, n_outlets, n_documents, first_outlet, first_published, days_spread
FROM v_quote_spread
ORDER BY n_outlets DESC, n_documents DESC, first_published NULLS LAST, quote_id;
