INSERT INTO runs BY NAME
SELECT $run_id AS run_id, $flow_run_id AS flow_run_id, $source AS source,
       $started_at AS started_at, $finished_at AS finished_at,
       $files_seen AS files_seen, $files_new AS files_new, $files_copies AS files_copies,
       $files_rejected AS files_rejected,
       (SELECT count(*) FROM documents WHERE run_id = $run_id) AS documents_loaded,
       (SELECT count(*) FROM duplicates WHERE run_id = $run_id) AS duplicates_found,
       (SELECT count(*) FROM events WHERE run_id = $run_id) AS events_touched,
       (SELECT count(*) FROM repairs WHERE run_id = $run_id) AS repairs_made,
       MAP($stage_names, $stage_seconds) AS stage_seconds;
