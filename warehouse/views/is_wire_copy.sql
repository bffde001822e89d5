-- Whether a paragraph that several outlets print reads as copy (wire text, a quote) rather
-- than a heading, a label or a short line ("Conclusion", "Frequently Asked Questions", "Pros:",
-- "- Storage", "Free 14-day trial."): more than 12 words, or 4 to 12 words ending a sentence
-- with '.' or '!' (closing quotes allowed; a question is usually a heading: "What is a Mobile
-- App?"). Chosen on the development half of 245 labelled shared lines of up to 12 words from
-- 1,515 real files (benchmarks/wire_copy.py); on the held-out half it keeps 0 of 92 headings
-- and drops 1 of 34 copy lines ("8 words or more": 0 kept, 11 dropped). Used by
-- v_outlet_overlap, `wirehouse similar`, the report and the cookbook, so they agree.
CREATE OR REPLACE MACRO is_wire_copy(paragraph) AS
    len(regexp_split_to_array(trim(paragraph), '\s+')) > 12
    OR (
        len(regexp_split_to_array(trim(paragraph), '\s+')) >= 4
        AND regexp_matches(trim(paragraph), '[.!]["”’''\s]*$')
    );
