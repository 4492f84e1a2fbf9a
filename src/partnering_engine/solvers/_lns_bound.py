"""The weight bound computed beside the search, in a forked child process.

The bound (an LP built in Python, solved by HiGHS) and the search are both CPU-bound Python;
as threads of one process they would take turns on the interpreter lock, and the bound of a
6,000-participant problem took minutes that way. A forked child shares the problem without
copying it and runs on the other core. Where ``fork`` is not available (Windows) a thread
does the work instead.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from partnering_engine.types import Problem

__all__ = ["BoundFn", "BoundRunner"]

BoundFn = Callable[[Problem], float]


def _compute(bound_fn: BoundFn, problem: Problem, sender: Any) -> None:
    try:
        sender.send(("ok", float(bound_fn(problem))))
    except Exception as error:  # reported to the parent, which then has no bound
        sender.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()


class BoundRunner:
    """Starts ``bound_fn(problem)`` at once; `poll` and `wait` collect the value."""

    def __init__(self, bound_fn: BoundFn, problem: Problem) -> None:
        self.value: float | None = None
        self.error: str | None = None
        self._process: Any = None
        self._receiver: Connection
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._receiver, sender = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_compute, args=(bound_fn, problem, sender), daemon=True
            )
            self._process.start()
            sender.close()
        else:  # pragma: no cover - platforms without fork
            self._receiver, sender = multiprocessing.Pipe(duplex=False)
            threading.Thread(target=_compute, args=(bound_fn, problem, sender), daemon=True).start()

    def poll(self) -> float | None:
        """The bound if it is ready, without waiting."""
        return self.wait(0.0)

    def wait(self, timeout_s: float) -> float | None:
        """The bound, waiting at most `timeout_s` for it."""
        if self.value is None and self.error is None:
            try:
                ready = self._receiver.poll(max(timeout_s, 0.0))
                if ready:
                    kind, payload = self._receiver.recv()
                    if kind == "ok":
                        self.value = float(payload)
                    else:
                        self.error = str(payload)
            except (EOFError, OSError):
                self.error = "the bound process ended without an answer"
        return self.value

    def close(self) -> None:
        """Stop the child if it is still working."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=2.0)
        self._receiver.close()
