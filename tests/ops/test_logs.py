"""``LOG_FORMAT=json``: one JSON object per line; an exception keeps its type, never its message (which may
quote what a user sent)."""

from __future__ import annotations

import io
import json
import logging

from bot.ops.logs import JsonFormatter


def test_json_lines_without_exception_messages() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    log = logging.getLogger("tests.json")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("update %d failed", 42)
        try:
            raise ValueError("Tan Mei Ling, passport X1234567")
        except ValueError:
            log.exception("handling failed")
    finally:
        log.removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["level"] == "WARNING" and first["logger"] == "tests.json" and first["message"] == "update 42 failed"
    assert second["exception"] == "ValueError"
    assert "Tan Mei Ling" not in stream.getvalue() and "X1234567" not in stream.getvalue()
