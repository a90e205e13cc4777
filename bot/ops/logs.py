"""``LOG_FORMAT=json``: one JSON object per log line (time, level, logger, message, exception type), for log
collectors. The message is the same text the plain format shows: the code never logs personal data, and an
exception's message (which may quote a user's input) is left out, only its type is kept."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = record.exc_info[0].__name__
        elif exc_type := getattr(record, "exc_type", None):  # redacted (bot.log_redaction) before it came here
            entry["exception"] = exc_type
        return json.dumps(entry, ensure_ascii=False)


def use_json(root: logging.Logger | None = None) -> None:
    """Every handler of the root logger writes JSON."""
    for handler in (root or logging.getLogger()).handlers:
        handler.setFormatter(JsonFormatter())
