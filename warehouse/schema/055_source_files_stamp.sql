-- A path's inode change time and inode, beside its size and mtime: an edit that keeps the size
-- and puts the mtime back (or a file replaced by another) is hashed again, not skipped.
-- NULL on rows recorded before: those paths are hashed once more, then carry both.
ALTER TABLE source_files ADD COLUMN IF NOT EXISTS ctime_ns BIGINT;  -- st_ctime_ns when last seen
ALTER TABLE source_files ADD COLUMN IF NOT EXISTS inode BIGINT;     -- st_ino when last seen
