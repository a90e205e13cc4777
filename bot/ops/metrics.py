"""Prometheus metrics (prometheus-client), served on ``/metrics`` by :mod:`bot.ops.health`.

Counters and histograms are updated where the work happens (the door, the reminder dispatcher, the
document intake); gauges that describe the database (inbox depth, reminders due) are read at scrape time.
Labels are kinds and outcomes only: never a user id, a chat id, a text or a file name.

They are kept only when something can read them: :func:`enable` (called when the health listener, which
serves ``/metrics``, is set up with ``HEALTH_LISTEN``) makes them; until then every metric is a no-op that
costs nothing per update, and prometheus-client (about 1.4 MB) is not loaded.
"""

from __future__ import annotations

from typing import Any, Protocol


class Counting(Protocol):
    def labels(self, *values: str) -> Any: ...
    def inc(self, amount: float = 1) -> None: ...


class Timing(Protocol):
    def observe(self, amount: float) -> None: ...


class Gauging(Protocol):
    def set(self, value: float) -> None: ...


class _Unread:
    """A metric nothing can scrape: every call does nothing."""

    def labels(self, *_values: str) -> _Unread:
        return self

    def inc(self, amount: float = 1) -> None:
        pass

    def observe(self, amount: float) -> None:
        pass

    def set(self, value: float) -> None:
        pass


_UNREAD = _Unread()
UPDATES: Counting = _UNREAD
HANDLER_SECONDS: Timing = _UNREAD
ERRORS: Counting = _UNREAD
BOT_API_RETRIES: Counting = _UNREAD
BOT_API_429: Counting = _UNREAD
INBOX_DEPTH: Gauging = _UNREAD
REMINDERS_DUE: Gauging = _UNREAD
REMINDERS_SENT: Counting = _UNREAD
DOCUMENT_JOBS: Counting = _UNREAD
DOCUMENT_SECONDS: Timing = _UNREAD
READY: Gauging = _UNREAD
_registry: Any = None


def enable() -> None:
    """Make the metrics (once per process): from now on they count."""
    global _registry, UPDATES, HANDLER_SECONDS, ERRORS, BOT_API_RETRIES, BOT_API_429, INBOX_DEPTH, \
        REMINDERS_DUE, REMINDERS_SENT, DOCUMENT_JOBS, DOCUMENT_SECONDS, READY
    if _registry is not None:
        return
    from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

    registry = CollectorRegistry(auto_describe=True)
    UPDATES = Counter("goldcard_updates_handled", "Updates handled, by kind (text, button, file, command…)",
                      ["kind"], registry=registry)
    HANDLER_SECONDS = Histogram("goldcard_handler_seconds", "Time from receiving an update to its replies sent",
                                buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30), registry=registry)
    ERRORS = Counter("goldcard_errors", "Failures, by where they happened", ["where"], registry=registry)
    BOT_API_RETRIES = Counter("goldcard_bot_api_retries", "Bot API calls sent again after an error",
                              registry=registry)
    BOT_API_429 = Counter("goldcard_bot_api_429", "Bot API answers 429 Too Many Requests (flood control)",
                          registry=registry)
    INBOX_DEPTH = Gauge("goldcard_inbox_depth", "Updates fetched and stored, not handled yet", registry=registry)
    REMINDERS_DUE = Gauge("goldcard_reminders_due", "Reminders due and not sent yet", registry=registry)
    REMINDERS_SENT = Counter("goldcard_reminders_sent", "Reminders sent", registry=registry)
    DOCUMENT_JOBS = Counter("goldcard_document_jobs", "Document jobs (checks, conversions) run, by outcome",
                            ["outcome"], registry=registry)
    DOCUMENT_SECONDS = Histogram("goldcard_document_seconds", "Time of one document job in its worker thread",
                                 buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60), registry=registry)
    READY = Gauge("goldcard_ready", "1 when /readyz answers 200", registry=registry)
    _registry = registry


def exposition() -> tuple[bytes, str]:
    """Every metric in Prometheus' text format, and its content type (they count from :func:`enable` on)."""
    enable()
    from prometheus_client import generate_latest
    from prometheus_client.exposition import CONTENT_TYPE_LATEST

    return bytes(generate_latest(_registry)), CONTENT_TYPE_LATEST
