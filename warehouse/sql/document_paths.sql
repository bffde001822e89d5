-- Documents loaded from the candidate paths (a sidecar beside them changed).
SELECT d.path, d.sha256 FROM candidate_paths AS c JOIN documents AS d ON d.path = c.path;
