"""Command-line commands of the documents area (added to `goldcard-bot` by bot.cli).

``goldcard-bot docs check FILE...`` says what the bot would say about each file; ``goldcard-bot docs
convert FILE... --out OUT`` writes the platform-ready file. Both run the same pipeline as the chat.
Pillow and pikepdf are imported inside the handlers so ``goldcard-bot --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.i18n import Msg, _, render

_LANGS = ("en", "zh_TW")


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add this area's subcommands; each sets `handler=function(args) -> int`."""
    docs = subparsers.add_parser(
        "docs", help="check and convert documents for the platform (≤ 1,000,000 bytes, no encryption)")
    commands = docs.add_subparsers(dest="docs_command", required=True)

    check = commands.add_parser("check", help="tell what the bot would say about each file")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.add_argument("--kind", choices=["document", "photo"], default="document",
                       help="the slot the file is for (default: document)")
    check.add_argument("--lang", choices=_LANGS, default="en", help="language of the messages (default: en)")
    check.add_argument("--json", action="store_true", help="print JSON instead of text")
    check.set_defaults(handler=cmd_check)

    convert = commands.add_parser("convert", help="make the platform-ready file from one or more files (pages in "
                                                  "order)")
    convert.add_argument("files", nargs="+", type=Path, metavar="FILE")
    convert.add_argument("--out", required=True, type=Path, help="where to write the result (.pdf, or .jpg for a "
                                                                "photo)")
    convert.add_argument("--kind", choices=["document", "photo"], default="document",
                         help="document: one PDF of all pages; photo: the applicant's photo as JPEG")
    convert.add_argument("--preview", type=Path, help="also write the page-1 preview (JPEG) here")
    convert.add_argument("--lang", choices=_LANGS, default="en", help="language of the summary (default: en)")
    convert.add_argument("--json", action="store_true", help="print the result as JSON")
    convert.set_defaults(handler=cmd_convert)


def _print(messages: list[Msg] | tuple[Msg, ...], lang: str, indent: str = "  ") -> None:
    for message in messages:
        for line in render(message, lang).splitlines():
            print(f"{indent}{line}")


def _read(path: Path) -> tuple[bytes | None, Any]:
    """The file's bytes, or None and the refusal/problem for a file the chat would never download."""
    from bot.documents.pipeline import check_announced_size

    try:
        too_large = check_announced_size(path.stat().st_size)
        if too_large is not None:
            return None, too_large
        return path.read_bytes(), None
    except OSError:
        return None, _("Cannot read this file.")


def cmd_check(args: argparse.Namespace) -> int:
    from bot.documents.notes import Refusal
    from bot.documents.pipeline import finish, take_page
    from bot.documents.results import DocumentKind

    kind = DocumentKind(args.kind)
    report: list[dict[str, Any]] = []
    refused_any = False
    for path in args.files:
        data, problem = _read(path)
        entry: dict[str, Any] = {"file": str(path), "accepted": False}
        messages: list[Msg] = []
        if data is None:
            refused_any = True
            if isinstance(problem, Refusal):
                entry["refusal"] = problem.to_dict()
                messages = [_("Refused."), *problem.messages]
            else:
                messages = [problem]
        else:
            page = take_page(data, name=path.name)
            outcome = page if isinstance(page, Refusal) else finish([page], kind)
            if isinstance(outcome, Refusal):
                refused_any = True
                entry["refusal"] = outcome.to_dict()
                messages = [_("Refused."), *outcome.messages]
            else:
                assert not isinstance(page, Refusal)
                entry.update(accepted=True, format=page.source.format.value, result=outcome.to_dict())
                messages = [_("Accepted as a {format}.", format=page.source.format.label), *outcome.summary()]
        entry["messages"] = [render(message, args.lang) for message in messages]
        report.append(entry)
        if not args.json:
            print(f"{path}:")
            _print(messages, args.lang)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    return 1 if refused_any else 0


def cmd_convert(args: argparse.Namespace) -> int:
    from bot.documents.notes import Refusal
    from bot.documents.pipeline import finish, take_page
    from bot.documents.results import DocumentKind, Page

    kind = DocumentKind(args.kind)
    pages: list[Page] = []
    for path in args.files:
        data, problem = _read(path)
        page: Page | Refusal | Msg = problem if data is None else take_page(data, name=path.name)
        if not isinstance(page, Page):
            print(f"{path}:", file=sys.stderr)
            for message in page.messages if isinstance(page, Refusal) else (page,):
                print(f"  {render(message, args.lang)}", file=sys.stderr)
            return 1
        pages.append(page)
    result = finish(pages, kind)
    if isinstance(result, Refusal):
        for message in result.messages:
            print(render(message, args.lang), file=sys.stderr)
        return 1
    args.out.write_bytes(result.data)
    if args.preview is not None and result.preview is not None:
        args.preview.write_bytes(result.preview)
    if args.json:
        print(json.dumps({"out": str(args.out), **result.to_dict(),
                          "messages": [render(m, args.lang) for m in result.summary()]}, ensure_ascii=False, indent=2))
        return 0
    print(f"{args.out}:")
    _print(result.summary(), args.lang)
    if args.out.suffix.lower() != result.extension and not (result.extension == ".jpg" and
                                                             args.out.suffix.lower() == ".jpeg"):
        _print([_("Note: the result is a {kind} file; a name ending in {extension} would fit it better.",
                  kind="JPEG" if result.extension == ".jpg" else "PDF", extension=result.extension)], args.lang)
    return 0
