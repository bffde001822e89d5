-- What discover needs to skip unchanged files without reading them.
SELECT path, sha256, size, mtime_ns, ctime_ns, inode FROM source_files;
