"""How well `is_wire_copy` (warehouse/views/is_wire_copy.sql) tells copy from headings.

`wire_copy_labels.jsonl` holds every paragraph of up to 12 words that two or more sites
printed (paragraph_occurrences of kind 'shared') in a warehouse of 1,515 real files (400 BBC
News, 496 ECB+, 169 trafilatura eval pages, 450 WCXB pages), each labelled by hand: copy (a
sentence of an article or a quote, 4 words or more) or not (a heading, a label, a list item,
code, a promo, a line under 4 words); longer shared paragraphs were all copy. Halves are by
the paragraph hash; the rule was chosen on the development half.

    .venv/bin/python benchmarks/wire_copy.py
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

HERE = Path(__file__).parent
MACRO = HERE.parent / "warehouse" / "views" / "is_wire_copy.sql"


def main() -> None:
    labels = [json.loads(line) for line in (HERE / "wire_copy_labels.jsonl").open()]
    con = duckdb.connect()
    con.execute(MACRO.read_text(encoding="utf-8"))
    for half in ("development", "held-out"):
        part = [row for row in labels if row["half"] == half]
        kept = [con.execute("SELECT is_wire_copy(?)", [r["text"]]).fetchone()[0] for r in part]
        headings_kept = [r["text"] for r, k in zip(part, kept, strict=True) if k and not r["copy"]]
        copy_lost = [r["text"] for r, k in zip(part, kept, strict=True) if r["copy"] and not k]
        copy = sum(r["copy"] for r in part)
        print(
            f"{half}: {len(part)} lines ({copy} copy, {len(part) - copy} not): "
            f"headings kept {len(headings_kept)} {headings_kept}, "
            f"copy dropped {len(copy_lost)} {copy_lost}"
        )


if __name__ == "__main__":
    main()
