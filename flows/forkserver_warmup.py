"""Imported by the process pool's forkserver when a run has HTML pages (`process_pool`).

htmldate hands dates it finds in running text to dateparser, which compiles a pattern per
locale the first time: about 2 s of CPU in every pool worker, on whichever page comes first.
A string no locale recognises makes it compile them all, once, here; every worker forked
afterwards starts with them.
"""

from htmldate.extractors import get_external_parser

get_external_parser().get_date_data("wirehouse forkserver 0")
