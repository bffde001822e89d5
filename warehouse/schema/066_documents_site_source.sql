-- Where a document's site (its outlet) came from; a file name is never an outlet.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS site_source VARCHAR; -- 'sidecar' (<file>.meta.json), 'url' (found in the file), 'folder' (<outlet>/<file>), NULL (no site)
