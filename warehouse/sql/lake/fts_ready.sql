-- Has a writer counted the lake's search terms yet?
SELECT EXISTS (SELECT 1 FROM search_index) AS ready;
