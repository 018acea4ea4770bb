"""Child processes that die with their parent: no report worker or kernel outlives a killed batch.

A batch's worker processes and each worker's kernels start :func:`die_with_parent`: a daemon
thread that notices when the process that started them has gone (``kill -9``, a crash, a
closed terminal) and ends them, after ``on_exit`` (a worker kills its kernels first). Polling
the parent id works wherever the orphan is re-parented (init, a container's sub-reaper), which
Linux's parent-death signal and ipykernel's own poller (parent id 1 only) do not both cover.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable

__all__ = ["die_with_parent"]

_started: list[int] = []


def die_with_parent(on_exit: Callable[[], object] | None = None,
                    interval_s: float = 0.5) -> None:
    """End this process within ``interval_s`` of its parent's death (once per process).

    Examples
    --------
    >>> die_with_parent()  # in a test process whose parent lives on, nothing happens
    """
    if _started == [os.getpid()]:
        return
    _started[:] = [os.getpid()]
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval_s)
            if os.getppid() != parent:
                if on_exit is not None:
                    with contextlib.suppress(BaseException):
                        on_exit()
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="psoaskit-lifeline").start()
