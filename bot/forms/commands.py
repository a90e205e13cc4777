"""CLI commands of the shared rules: ``goldcard-bot schema`` and ``goldcard-bot check-draft``.

``bot.cli`` calls :func:`add_commands` with its argparse subparsers; each command sets
``handler(args) -> int`` (the exit code).

- ``schema`` prints the draft's JSON Schema.
- ``check-draft FILE [--json] [--lang en|zh_TW] [--today YYYY-MM-DD]`` lists every problem of a draft
  with field key, zh label, en label and a fix-it message in the chosen language. Exit codes: 0 the
  draft is complete and valid (notes do not count), 1 it has problems (missing or invalid answers),
  2 the file is not a draft at all (unreadable, not JSON, wrong shape).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.i18n import SUPPORTED_LOCALES, Msg, _, render

if TYPE_CHECKING:  # the draft and its rules load data files: imported when a command runs
    from bot.forms.draft import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_NOT_A_DRAFT = 0, 1, 2
KIND_LABELS: dict[str, Msg] = {"missing": _("Missing"), "invalid": _("Invalid"), "note": _("Note")}


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


def _as_json(problem: Problem, lang: str) -> dict[str, Any]:
    return {"section": problem.section, "key": problem.key, "path": problem.path, "kind": problem.kind,
            "zh_label": problem.zh, "en_label": render(problem.en, "en"), "message": render(problem.message, lang)}


def run_check_draft(args: argparse.Namespace) -> int:
    from bot.forms.draft import DraftShapeError, load_draft

    lang: str = args.lang
    today: date = args.today or date.today()
    try:
        draft = load_draft(Path(args.file).read_bytes())
    except OSError as exc:
        return _not_a_draft(args, f"cannot read {args.file}: {exc.strerror or type(exc).__name__}", ())
    except DraftShapeError as exc:
        return _not_a_draft(args, f"{args.file} is {exc.reason}", exc.details)
    problems = draft.problems(today, lang)
    blocking = [problem for problem in problems if problem.blocking]
    code = EXIT_PROBLEMS if blocking else EXIT_OK
    if args.json:
        payload = {"file": str(args.file), "today": today.isoformat(), "complete": not blocking,
                   "problems": [_as_json(problem, lang) for problem in problems]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return code
    for problem in problems:
        kind = render(KIND_LABELS[problem.kind], lang)
        sys.stdout.write(f"[{kind}] {problem.path}  {problem.zh} / {render(problem.en, 'en')}\n")
        for line in render(problem.message, lang).splitlines():
            sys.stdout.write(f"    {line}\n")
    notes = len(problems) - len(blocking)
    summary = (_("Not ready: {problems} problem(s) to fix, {notes} note(s).", problems=len(blocking), notes=notes)
               if blocking else _("Complete and valid ({notes} note(s)).", notes=notes))
    sys.stdout.write(render(summary, lang) + "\n")
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
