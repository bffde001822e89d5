-- Outlet pairs sharing paragraphs or quotes, most shared first.
SELECT outlet_a, outlet_b, shared_paragraphs, shared_quotes
FROM v_outlet_overlap
ORDER BY shared_paragraphs + shared_quotes DESC, outlet_a, outlet_b;
