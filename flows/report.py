"""Run summaries for people: the Prefect markdown artifact and the terminal table."""

from __future__ import annotations

SUMMARY_FIELDS = (
    ("files_seen", "files seen"),
    ("files_new", "new contents"),
    ("files_copies", "copies of loaded files"),
    ("files_rejected", "rejected"),
    ("documents_loaded", "documents loaded"),
    ("duplicates_found", "duplicates found"),
    ("events_touched", "events created or grown"),
    ("repairs_made", "repairs made"),
)


def summary_rows(summary: dict) -> list[tuple[str, str]]:
    """(label, value) pairs of a run summary, in reading order."""
    rows = [(label, f"{summary.get(key, 0):,}") for key, label in SUMMARY_FIELDS]
    for stage, seconds in (summary.get("stage_seconds") or {}).items():
        rows.append((f"{stage} seconds", f"{seconds:.2f}"))
    return rows


def summary_markdown(summary: dict) -> str:
    lines = [f"# wirehouse run `{summary.get('run_id')}`", "", "| | |", "|---|---:|"]
    lines += [f"| {label} | {value} |" for label, value in summary_rows(summary)]
    return "\n".join(lines) + "\n"
