"""The review worked out away from the window, so the window answers while it is worked out.

A review of a large library reads every postmortem of the range and, the first time, checks the
blame language of each published one: seconds of work. It runs on one thread of its own, one
review at a time; asking for another while one runs replaces whatever was waiting, and only the
newest request's answer is handed back (an older answer is dropped, never shown). The window asks
for the answer with a short timer instead of a signal across threads, so a window closed
meanwhile leaves nothing behind but a thread that ends on its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# A unit of work: it is told how to report what it is doing, and returns its answer.
Work = Callable[[Callable[[str], None]], Any]


@dataclass(frozen=True)
class Outcome:
    """The answer of request `number`: its value, or the error that stopped it."""

    number: int
    value: Any = None
    error: BaseException | None = None


class LatestOnly:
    """Runs work on a thread, one at a time; keeps only the answer of the newest request."""

    def __init__(self, name: str = "pmdesk-review") -> None:
        self._name = name  # the thread's, as a crash report lists it
        self._lock = threading.Lock()
        self._number = 0
        self._waiting: tuple[int, Work] | None = None
        self._running = False
        self._outcome: Outcome | None = None
        self._settled = 0  # the newest request answered or cancelled
        self._doing = ""

    def submit(self, work: Work) -> int:
        """Ask for `work`; its request number. Any earlier request's answer will be dropped."""
        with self._lock:
            self._number += 1
            self._waiting = (self._number, work)
            self._outcome = None
            self._doing = ""
            start = not self._running
            self._running = True
        if start:
            threading.Thread(target=self._run, name=self._name, daemon=True).start()
        return self._number

    def cancel(self) -> None:
        """Drop the request waiting and the answer of the one running."""
        with self._lock:
            self._number += 1
            self._waiting = None
            self._outcome = None
            self._settled = self._number
            self._doing = ""

    def take(self) -> Outcome | None:
        """The newest request's answer once it is ready (once only), else None."""
        with self._lock:
            outcome, self._outcome = self._outcome, None
            return outcome

    @property
    def pending(self) -> bool:
        """The newest request is waiting or running (its answer not ready yet)."""
        with self._lock:
            return self._settled != self._number

    def doing(self) -> str:
        """What the newest request said it is doing, or an empty string."""
        with self._lock:
            return self._doing

    def _run(self) -> None:
        while True:
            with self._lock:
                if self._waiting is None:
                    self._running = False
                    return
                number, work = self._waiting
                self._waiting = None

            def say(text: str, number: int = number) -> None:
                with self._lock:
                    if number == self._number:
                        self._doing = text

            try:
                outcome = Outcome(number, value=work(say))
            except Exception as exc:  # handed to the window, which says what went wrong
                outcome = Outcome(number, error=exc)
            with self._lock:
                if number == self._number:
                    self._outcome = outcome
                    self._settled = number
                    self._doing = ""
