"""The pool's forkserver compiles dateparser's locale patterns before forking HTML workers."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COMPILED = (
    "from dateparser.languages.dictionary import Dictionary\n"
    "print(sum(len(v) for v in Dictionary._split_regex_cache.values()))"
)


def compiled_locales(preamble: str) -> int:
    code = preamble + COMPILED
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    return int(result.stdout)


def test_the_warmup_compiles_every_locale_pattern_once():
    assert compiled_locales("") == 0  # lazily, page by page, in each worker otherwise
    assert compiled_locales("import flows.forkserver_warmup\n") >= 100
