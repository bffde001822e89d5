"""Hostile input: each file becomes a document or one reject row with a reason; the good
files of the same run load; memory stays bounded; nothing is fetched or escapes the folder."""

from __future__ import annotations

import hashlib
import os
import socket
import threading

from flows.names import escape_name
from tests.reliability.conftest import consistency_problems, rows, start_ingest
from tests.reliability.corpus import write_good_corpus, write_hostile_corpus

MEMORY_LIMIT = 2 * 1024**3
# What some hostile files must become: a reject code, or a document in a language.
EXPECTED_REJECTS = {
    "empty.txt": "decode_empty",
    "blank.md": "decode_empty",
    "image.html": "decode_binary",
    "archive.md": "decode_binary",
    "bomb.html": "decode_binary",
    "long-line.txt": "decode_too_large",
    "loop-a.html": "discover_unreadable",
    "escape.txt": "discover_outside_source",
    "dangling.md": "discover_unreadable",
    "fifo.txt": "discover_not_a_file",
    "unsupported.pdf": "discover_unsupported_format",
}
EXPECTED_LANGUAGES = {"russian.txt": "ru", "cp1251.txt": "ru", "german.md": "de", "utf16.txt": "de"}


class Listener:
    """A TCP port that counts the connections a run attempts (must stay 0)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.address = f"127.0.0.1:{self.socket.getsockname()[1]}"
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()
        self.socket.close()


def test_hostile_files_are_documents_or_one_clear_reject(child_env, tmp_path):
    source = tmp_path / "drop"
    good = write_good_corpus(source / "good", 12)
    listener = Listener()
    try:
        hostile = write_hostile_corpus(source / "hostile", listener.address)
        db = tmp_path / "wh.duckdb"
        process = start_ingest(source, db, child_env)
        _, status, usage = os.wait4(process.pid, 0)
        output = process.stdout.read()
        process.stdout.close()
    finally:
        listener.close()
    assert os.waitstatus_to_exitcode(status) == 0, output
    assert len(hostile) >= 30
    peak = usage.ru_maxrss * 1024  # the run and every process it waited for (Linux: KiB)
    assert peak < MEMORY_LIMIT, f"peak RSS {peak / 2**20:.0f} MiB"
    assert listener.connections == 0, "extraction opened a network connection"

    documents = dict(rows(db, "SELECT path, language FROM documents"))
    copies = {path for (path,) in rows(db, "SELECT path FROM duplicates WHERE path IS NOT NULL")}
    rejects = rows(db, "SELECT path, code, reason FROM rejects")
    good_hashes = {hashlib.sha256((source / "good" / p).read_bytes()).hexdigest() for p in good}
    loaded_hashes = {sha for (sha,) in rows(db, "SELECT sha256 FROM documents")}
    assert good_hashes <= loaded_hashes, "a good file of the run was not loaded"
    for name, what in hostile.items():
        path = f"hostile/{escape_name(name)}"  # a newline in a name is stored escaped
        mine = [(code, reason) for p, code, reason in rejects if p == path]
        if path in documents or path in copies:
            assert mine == [], f"{what}: both a document and a reject"
            continue
        assert len(mine) == 1, f"{what} ({name!r}): {mine}, expected one reject row"
        code, reason = mine[0]
        assert len(reason) > 10, f"{what}: unclear reason {reason!r}"
        if name in EXPECTED_REJECTS:
            assert code == EXPECTED_REJECTS[name], f"{what}: {code} {reason}"
    for name, language in EXPECTED_LANGUAGES.items():
        assert documents.get(f"hostile/{name}") == language, name
    injection = "hostile/'); DROP TABLE documents; --.txt"
    assert injection in documents
    assert rows(db, "SELECT count(*) FROM documents WHERE path = ?", [injection]) == [(1,)]
    bodies = " ".join(body for (body,) in rows(db, "SELECT body FROM documents"))
    assert "root:x:0:0" not in bodies, "an external entity was resolved"
    assert consistency_problems(db) == []
    print(
        f"\nhostile files tried: {len(hostile)}, documents: "
        f"{sum(1 for p in documents if p.startswith('hostile/'))}, rejects: {len(rejects)}, "
        f"peak RSS {peak / 2**20:.0f} MiB"
    )

    rejects_before = len(rejects)
    process = start_ingest(source, db, child_env)
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output
    assert rows(db, "SELECT count(*) FROM rejects")[0][0] == rejects_before, "rejected twice"
    assert len(rows(db, "SELECT path FROM documents")) == len(documents)
