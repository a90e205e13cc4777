"""The operator's commands: ``backup`` and ``doctor``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any


def add_commands(subparsers: Any) -> None:
    backup = subparsers.add_parser("backup", help="copy the SQLite database while the bot runs (the key is not "
                                                  "included: keep it apart); PostgreSQL: use pg_dump")
    backup.add_argument("--out", type=Path, required=True, metavar="FILE|DIR", help="where to write the copy")
    backup.add_argument("--with-files", action="store_true", help="also copy DATA_DIR/files (sealed documents)")
    backup.set_defaults(handler=cmd_backup)

    doctor = subparsers.add_parser("doctor", help="check a deployment (token, webhook, database, key, catalogs, "
                                                  "staff group) and say what to fix; exit 1 when something needs it")
    doctor.add_argument("--delete-webhook", action="store_true", help="remove a webhook set with Telegram "
                        "(before switching to polling)")
    doctor.set_defaults(handler=cmd_doctor)


def cmd_backup(args: argparse.Namespace) -> int:
    from bot.ops.backup import NotSqlite, backup
    from bot.ops.startup import load_settings

    settings = load_settings()
    try:
        target = backup(settings, args.out, with_files=args.with_files)
    except NotSqlite as advice:
        print(advice, file=sys.stderr)
        return 2
    print(f"database copied to {target}. The encryption key is not in it: keep ENCRYPTION_KEYS (or "
          f"{settings.data_dir / 'secret.key'}) in a separate, safe place.")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from bot.ops.doctor import run_doctor
    from bot.ops.startup import load_settings

    settings = load_settings()
    findings = asyncio.run(run_doctor(settings, delete_webhook=args.delete_webhook))
    for finding in findings:
        print(finding)
    return 1 if any(not finding.ok for finding in findings) else 0
