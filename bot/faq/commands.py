"""Command-line commands of the faq area (added to `goldcard-bot` by bot.cli)."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add this area's subcommands; each sets `handler=function(args) -> int`."""
