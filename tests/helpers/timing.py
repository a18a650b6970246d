"""A time limit for a block of code, for tests of work that must not hang (regexes, Markdown)."""

from __future__ import annotations

import signal
from contextlib import contextmanager


class TooSlow(Exception):
    """The block ran past its time limit."""


@contextmanager
def time_limit(seconds: float):
    """Interrupt the block after `seconds` with `TooSlow` (regex matching too: it checks signals)."""

    def interrupt(*_):
        raise TooSlow(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
