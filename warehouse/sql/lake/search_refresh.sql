-- BM25 statistics of a lake (what fts_build.sql builds in a DuckDB file), updated for the
-- documents whose title or body changed since their terms were counted (a run's new ones, a
-- backfill's or a repair re-run's rewritten ones) and for documents gone. Tokens as fts's
-- `tokenize` macro, stop words as its 'english' list (fts_stopwords), Porter stems.
CREATE OR REPLACE TEMP TABLE search_changed AS
SELECT doc_id, hash(doc_id, title, body) AS fingerprint FROM documents
EXCEPT
SELECT doc_id, fingerprint FROM search_documents;
DELETE FROM search_terms
WHERE doc_id IN (SELECT doc_id FROM search_changed) OR doc_id NOT IN (SELECT doc_id FROM documents);
DELETE FROM search_documents
WHERE doc_id IN (SELECT doc_id FROM search_changed) OR doc_id NOT IN (SELECT doc_id FROM documents);
CREATE OR REPLACE TEMP TABLE search_words AS
SELECT doc_id, stem(word, 'porter') AS term
FROM (
    SELECT d.doc_id,
           unnest(string_split_regex(regexp_replace(lower(strip_accents(CAST(coalesce(d.title, '') || ' ' || d.body AS VARCHAR))), '[0-9!@#$%^&*()_+={}\[\]:;<>,.?~\\/\|''''"`-]+', ' ', 'g'), '\s+')) AS word
    FROM documents AS d
    JOIN search_changed USING (doc_id)
)
WHERE word <> '' AND word NOT IN (SELECT sw FROM fts_stopwords);
INSERT INTO search_terms (doc_id, term, tf, run_id)
SELECT doc_id, term, count(*), $run_id FROM search_words GROUP BY doc_id, term;
INSERT INTO search_documents (doc_id, fingerprint, len, run_id)
SELECT c.doc_id, c.fingerprint, count(w.term), $run_id
FROM search_changed AS c LEFT JOIN search_words AS w USING (doc_id)
GROUP BY c.doc_id, c.fingerprint;
DROP TABLE search_words;
DROP TABLE search_changed;
DELETE FROM search_index
WHERE fingerprint IS DISTINCT FROM (SELECT bit_xor(hash(doc_id, title, body)) FROM documents);
INSERT INTO search_index (fingerprint, documents, run_id, built_at)
SELECT fingerprint, documents, $run_id, now()::TIMESTAMP
FROM (SELECT bit_xor(hash(doc_id, title, body)) AS fingerprint, count(*) AS documents FROM documents)
WHERE NOT EXISTS (SELECT 1 FROM search_index);
