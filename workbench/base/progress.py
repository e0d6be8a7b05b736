"""A long job's progress and its cancelling (an export: check, Word files, LibreOffice, snapshot).

The editor starts the job in a thread with a `Progress` and shows its steps; its 取消 button calls
`cancel()`. The layers the job passes through do not take the object as an argument: they call
`step()` and `check()` here, which act on the job running in this thread (a context variable) and do
nothing when none is, so the command line and scripts run exactly as before. A LibreOffice run polls
`cancelled()` and ends its process group when it turns true.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from workbench.base.errors import CancelledError


class Progress:
    """What the job is doing (`on_step` is called with each step's Chinese text) and whether to stop."""

    def __init__(self, on_step: Callable[[str], None] | None = None, *, cancelled_text: str = "已取消。"):
        self.on_step = on_step
        self.cancelled_text = cancelled_text
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


_current: ContextVar[Progress | None] = ContextVar("workbench_progress", default=None)


@contextmanager
def running(progress: Progress | None) -> Iterator[None]:
    """Within: `step`, `check` and `cancelled` act on `progress` (when given)."""
    if progress is None:
        yield
        return
    token = _current.set(progress)
    try:
        yield
    finally:
        _current.reset(token)


def step(text: str, *, stoppable: bool = True) -> None:
    """Say what the job does next, after stopping it here if it was cancelled (unless, past the point of no
    return, it is not `stoppable` any more)."""
    if stoppable:
        check()
    progress = _current.get()
    if progress is not None and progress.on_step is not None:
        progress.on_step(text)


def check() -> None:
    """Stop here (`CancelledError`) if the running job was cancelled."""
    progress = _current.get()
    if progress is not None and progress.cancelled:
        raise CancelledError(progress.cancelled_text)


def cancelled() -> bool:
    progress = _current.get()
    return progress is not None and progress.cancelled
