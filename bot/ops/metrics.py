"""Prometheus metrics (prometheus-client), served on ``/metrics`` by :mod:`bot.ops.health`.

Counters and histograms are updated where the work happens (the door, the reminder dispatcher, the
document intake); gauges that describe the database (inbox depth, reminders due) are read at scrape time.
Labels are kinds and outcomes only: never a user id, a chat id, a text or a file name.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

REGISTRY = CollectorRegistry(auto_describe=True)
CONTENT_TYPE = CONTENT_TYPE_LATEST

UPDATES = Counter("goldcard_updates_handled", "Updates handled, by kind (text, button, file, command…)",
                  ["kind"], registry=REGISTRY)
HANDLER_SECONDS = Histogram("goldcard_handler_seconds", "Time from receiving an update to its replies sent",
                            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30), registry=REGISTRY)
ERRORS = Counter("goldcard_errors", "Failures, by where they happened", ["where"], registry=REGISTRY)
BOT_API_RETRIES = Counter("goldcard_bot_api_retries", "Bot API calls sent again after an error",
                          registry=REGISTRY)
BOT_API_429 = Counter("goldcard_bot_api_429", "Bot API answers 429 Too Many Requests (flood control)",
                      registry=REGISTRY)
INBOX_DEPTH = Gauge("goldcard_inbox_depth", "Updates fetched and stored, not handled yet", registry=REGISTRY)
REMINDERS_DUE = Gauge("goldcard_reminders_due", "Reminders due and not sent yet", registry=REGISTRY)
REMINDERS_SENT = Counter("goldcard_reminders_sent", "Reminders sent", registry=REGISTRY)
DOCUMENT_JOBS = Counter("goldcard_document_jobs", "Document jobs (checks, conversions) run, by outcome",
                        ["outcome"], registry=REGISTRY)
DOCUMENT_SECONDS = Histogram("goldcard_document_seconds", "Time of one document job in its worker thread",
                             buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60), registry=REGISTRY)
READY = Gauge("goldcard_ready", "1 when /readyz answers 200", registry=REGISTRY)


def exposition() -> bytes:
    """Every metric in Prometheus' text format."""
    return generate_latest(REGISTRY)
