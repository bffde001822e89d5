"""Processes that die with their owner, however the owner ends (SIGKILL included).

A child watches its owner's pidfd from a daemon thread: the pool's workers exit at once, and
`python -m flows.lifeline OWNER MODULE ARGS...` runs MODULE as `python -m MODULE ARGS...`
(Prefect's temporary server: uvicorn) that is asked to stop (SIGTERM) when OWNER ends, then
made to after GRACE_SECONDS. Without pidfd (not Linux) nothing is watched.
"""

from __future__ import annotations

import os
import runpy
import select
import signal
import sys
import threading
from collections.abc import Callable

GRACE_SECONDS = 5.0


def watch_owner(owner: int, on_exit: Callable[[], None]) -> None:
    """Call `on_exit` (in a daemon thread) once process `owner` has ended; at once when it
    has already."""
    if not hasattr(os, "pidfd_open"):
        return
    try:
        pidfd = os.pidfd_open(owner)
    except ProcessLookupError:
        on_exit()
        return

    def watch() -> None:
        select.select([pidfd], [], [])  # readable once the owner has ended
        on_exit()

    threading.Thread(target=watch, name="lifeline", daemon=True).start()


def stop_gracefully() -> None:
    """SIGTERM to this process (servers shut down cleanly on it), then exit regardless."""
    os.kill(os.getpid(), signal.SIGTERM)
    threading.Timer(GRACE_SECONDS, os._exit, args=(1,)).start()


def main(argv: list[str]) -> None:
    owner, module, *arguments = argv
    if os.getppid() != int(owner):  # the owner ended before this process started watching
        sys.exit(1)
    watch_owner(int(owner), stop_gracefully)
    sys.argv = [module, *arguments]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
