"""CLI commands of the shared rules: ``goldcard-bot schema`` and ``goldcard-bot check-draft``.

``bot.cli`` calls :func:`add_commands` with its argparse subparsers; each command sets
``handler(args) -> int`` (the exit code).

- ``schema`` prints the draft's JSON Schema.
- ``check-draft FILE [--json] [--lang en|zh_TW] [--today YYYY-MM-DD]`` shows the verdict
  (:func:`bot.forms.verdict.verdict`) on a draft: every missing answer or document, every problem and
  note with field key, zh label, en label, a fix-it message in the chosen language and, for a rule across
  tabs, its source. FILE is any file ``export`` writes (draft.json, the ZIP, the PDF) or a bare draft.
  Exit codes: 0 complete (notes do not count), 1 incomplete or problems, 2 not a draft at all.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from bot.i18n import SUPPORTED_LOCALES, Msg, _, render

EXIT_OK, EXIT_PROBLEMS, EXIT_NOT_A_DRAFT = 0, 1, 2
KIND_LABELS: dict[str, Msg] = {"missing": _("Missing"), "problem": _("Invalid"), "note": _("Note")}


def add_commands(subparsers: Any) -> None:
    """Register ``schema`` and ``check-draft`` on the main CLI's subparsers."""
    schema = subparsers.add_parser("schema", help="print the JSON Schema of an application draft",
                                   description="Print the JSON Schema of an application draft.")
    schema.set_defaults(handler=run_schema)

    check = subparsers.add_parser(
        "check-draft", help="check an application draft (JSON) and list its problems",
        description="Check a draft file. Exit 0: complete and valid; 1: problems; 2: not a draft.")
    check.add_argument("file", type=Path, help="the draft, a JSON file")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.add_argument("--lang", choices=SUPPORTED_LOCALES, default="en", help="language of the messages")
    check.add_argument("--today", type=_iso_date, default=None,
                       help="the application date to check against (YYYY-MM-DD; default: today)")
    check.set_defaults(handler=run_check_draft)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def run_schema(args: argparse.Namespace) -> int:
    from bot.forms.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def run_check_draft(args: argparse.Namespace) -> int:
    from bot.forms.draft import DraftShapeError
    from bot.forms.draft_file import read_draft_file
    from bot.forms.verdict import verdict
    from bot.forms.verdict_text import headline

    lang: str = args.lang
    today: date = args.today or date.today()
    try:
        draft = read_draft_file(Path(args.file).read_bytes())
    except OSError as exc:
        return _not_a_draft(args, f"cannot read {args.file}: {exc.strerror or type(exc).__name__}", ())
    except DraftShapeError as exc:
        return _not_a_draft(args, f"{args.file} is {exc.reason}", exc.details)
    judged = verdict(draft, today, lang)
    code = EXIT_OK if judged.complete else EXIT_PROBLEMS
    findings = (*judged.missing, *judged.problems, *judged.notes)
    if args.json:
        payload = {"file": str(args.file), **judged.as_json(lang),
                   "problems": [finding.as_json(lang) for finding in findings]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return code
    for finding in findings:
        kind = render(KIND_LABELS[finding.kind], lang)
        sys.stdout.write(f"[{kind}] {finding.path}  {finding.zh} / {render(finding.en, 'en')}\n")
        for line in render(finding.message, lang).splitlines():
            sys.stdout.write(f"    {line}\n")
        if finding.source:
            sys.stdout.write(f"    ({finding.rule}: {finding.source})\n")
    sys.stdout.write(render(headline(judged), lang) + "\n")
    return code


def _not_a_draft(args: argparse.Namespace, reason: str, details: tuple[str, ...]) -> int:
    if args.json:
        sys.stdout.write(json.dumps({"file": str(args.file), "error": reason, "details": list(details)},
                                    ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stderr.write(f"not a draft: {reason}\n")
        for detail in details[:20]:
            sys.stderr.write(f"  {detail}\n")
    return EXIT_NOT_A_DRAFT
