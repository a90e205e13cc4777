"""JSON from outside (a webhook body, an imported draft.json) is bounded before it is parsed: its size, and
its nesting depth, counted without parsing (a deeply nested document would otherwise end in Python's
``RecursionError`` inside the parser)."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class JsonRefused(ValueError):
    """Not JSON, or JSON larger or deeper than allowed."""


def depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects in ``data`` (brackets inside strings do not count)."""
    brackets = _BRACKET.findall(_STRING.sub(b'""', data))
    return max(accumulate(_DEPTH_STEP[b[0]] for b in brackets), default=0)


def loads_bounded(data: bytes, *, max_bytes: int, max_depth: int) -> Any:
    """``json.loads`` once ``data`` is known to be at most ``max_bytes`` and ``max_depth`` deep."""
    if len(data) > max_bytes:
        raise JsonRefused(f"larger than {max_bytes} bytes")
    if depth(data) > max_depth:
        raise JsonRefused(f"nested deeper than {max_depth} levels")
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise JsonRefused("not valid JSON") from exc
