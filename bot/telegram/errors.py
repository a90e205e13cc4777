"""Errors as the Telegram doors report them: :class:`RetryLater` (Telegram asked to wait), :func:`describe`
(an exception for the log without its message, which may quote what the user sent) and :func:`mentions`."""

from __future__ import annotations

import traceback


class RetryLater(Exception):
    """Raised by an outbox when Telegram asked to wait (flood control, HTTP 429)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


def describe(exc: BaseException) -> str:
    """An exception for the log without its message (which may quote what the user sent): the type
    and the code lines it went through."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{frame.name} ({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno})"
                        for frame in reversed(frames[-6:]))
    return f"{type(exc).__module__}.{type(exc).__qualname__} at {where or '?'}"


def mentions(exc: BaseException, words: str) -> bool:
    """Whether Telegram's error (or one it was raised from) says ``words``."""
    seen: BaseException | None = exc
    for _depth in range(5):
        if seen is None:
            return False
        if words in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False
