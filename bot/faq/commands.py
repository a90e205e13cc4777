"""Command-line commands of the faq area (added to `goldcard-bot` by bot.cli).

    goldcard-bot faq search QUERY... [--lang en|zh_TW] [--json] [--limit N] [--all]
    goldcard-bot faq list [--json] [--topic TOPIC]
    goldcard-bot faq show ID [--lang en|zh_TW]
    goldcard-bot faq eval FILE.tsv [--quiet]

``search`` runs the same code as the chat and inline mode. Heavy imports stay inside the handlers, so
other commands of ``goldcard-bot`` do not pay for them.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

LANGS = ("en", "zh_TW")


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add this area's subcommands; each sets `handler=function(args) -> int`."""
    faq = subparsers.add_parser("faq", help="search and list the help-desk knowledge base")
    commands = faq.add_subparsers(dest="faq_command", required=True)

    search = commands.add_parser("search", help="answers for a question, best first (the chat's search)")
    search.add_argument("query", nargs="+", help="the question (several words need no quotes)")
    search.add_argument("--lang", choices=LANGS, help="answer language (default: the question's language)")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--limit", type=int, default=3, help="most answers to show (default 3)")
    search.add_argument("--all", action="store_true", help="also show answers below the no-answer threshold")
    search.set_defaults(handler=cmd_search)

    listing = commands.add_parser("list", help="every entry")
    listing.add_argument("--json", action="store_true", help="print every entry in full as JSON")
    listing.add_argument("--topic", help="only this topic")
    listing.set_defaults(handler=cmd_list)

    show = commands.add_parser("show", help="one entry's answer card")
    show.add_argument("id", help="entry id, as printed by list or search")
    show.add_argument("--lang", choices=LANGS, default="en", help="card language (default en)")
    show.set_defaults(handler=cmd_show)

    evaluation = commands.add_parser("eval", help="measure the search on a table of questions "
                                                   "(see bot/faq/evaluation.py)")
    evaluation.add_argument("file", help="TSV: question, expected entry id or regex, language, scope (in|out)")
    evaluation.add_argument("--quiet", action="store_true", help="figures only, without the misses")
    evaluation.set_defaults(handler=cmd_eval)


def cmd_search(args: argparse.Namespace) -> int:
    from bot.faq.cards import answer_card
    from bot.faq.search import default_index, search
    from bot.faq.text import detect_locale

    query = " ".join(args.query)
    hits = search(query, locale=args.lang, limit=args.limit, min_score=0.0 if args.all else None)
    tuning = default_index().tuning
    if args.json:
        print(json.dumps({
            "locale": args.lang or detect_locale(query),
            "min_score": tuning.min_score,
            "hits": [{"id": hit.entry.id, "score": hit.score, "strong": hit.strong, "locale": hit.locale,
                      "topic": hit.entry.topic, "question": hit.question, "answer": hit.answer,
                      "sources": [source.model_dump() for source in hit.entry.sources],
                      "confidence": hit.entry.confidence.value,
                      "last_verified": hit.entry.last_verified.isoformat()} for hit in hits],
        }, ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print(f"No good answer (nothing scored {tuning.min_score} or more): offer a person.")
        return 0
    for hit in hits:
        marker = "strong" if hit.strong else "suggestion" if hit.score >= tuning.min_score else "below threshold"
        print(f"[{hit.score:.2f} {marker}] {hit.entry.id}")
        print(answer_card(hit.entry, hit.locale).text())
        print()
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from bot.faq.store import default_knowledge_base

    entries = [entry for entry in default_knowledge_base() if args.topic in (None, entry.topic)]
    if args.json:
        print(json.dumps([entry.model_dump(mode="json") for entry in entries], ensure_ascii=False, indent=2))
        return 0
    for entry in entries:
        print(f"{entry.id:34} {entry.topic:16} {entry.confidence.value:11} {entry.question_en}")
    print(f"{len(entries)} entries")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from bot.faq.cards import answer_card
    from bot.faq.store import default_knowledge_base

    entry = default_knowledge_base().get(args.id)
    if entry is None:
        print(f"No FAQ entry {args.id!r} (see: goldcard-bot faq list)", file=sys.stderr)
        return 1
    print(answer_card(entry, args.lang).text())
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.faq.evaluation import evaluate, read_cases, report

    try:
        cases = read_cases(Path(args.file))
    except (OSError, ValueError) as error:
        print(f"Cannot read the evaluation table: {error}", file=sys.stderr)
        return 1
    print(report(evaluate(cases), show_misses=not args.quiet))
    return 0
