-- What discover needs to skip unchanged files without reading them.
SELECT path, sha256, size, mtime_ns FROM source_files;
