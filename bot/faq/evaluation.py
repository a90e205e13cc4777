"""A rerunnable evaluation of FAQ search on a table of questions (``goldcard-bot faq eval FILE.tsv``).

The file is tab-separated with a header row and four columns::

    question    expected    language    scope
    hw much is the fe for 2 yrs    fees-application    en    in
    台灣駕照怎麼換    -    zh    out

``expected`` is an entry id or a regular expression over ids (``extension|fees-extension``), matched
whole; ``scope`` is ``in`` (the knowledge base should answer) or ``out`` (it should offer nothing).
The search runs exactly as the chat calls it (threshold, strong flag, out-of-scope judgement). Figures:

* in scope, per language: top-1 and top-3 rates, and "strong but wrong" (a confident wrong answer);
* out of scope, per language: how often any suggestion was offered, and how often a strong answer was.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 2_000_000  # an evaluation table is a few hundred lines; anything bigger is a mistake


@dataclass(frozen=True)
class Case:
    """One row of the table."""

    question: str
    expected: str
    language: str
    in_scope: bool

    def accepts(self, entry_id: str) -> bool:
        return re.fullmatch(self.expected, entry_id) is not None


@dataclass
class Tally:
    """Counts for one language (or all): in-scope hits and out-of-scope offers."""

    asked: int = 0
    top1: int = 0
    top3: int = 0
    strong_wrong: int = 0
    out_asked: int = 0
    out_offered: int = 0
    out_strong: int = 0
    misses: list[str] = field(default_factory=list)

    def rate(self, count: int, total: int) -> float:
        return count / total if total else 1.0

    @property
    def top1_rate(self) -> float:
        return self.rate(self.top1, self.asked)

    @property
    def top3_rate(self) -> float:
        return self.rate(self.top3, self.asked)

    @property
    def out_offered_rate(self) -> float:
        return self.rate(self.out_offered, self.out_asked)


def read_cases(path: Path) -> list[Case]:
    """The rows of an evaluation file; raises ValueError naming the line that is wrong."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"{path}: larger than {MAX_FILE_BYTES} bytes; an evaluation table should be small")
    cases: list[Case] = []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows, None)
        if header is None or [name.strip().lower() for name in header[:4]] != ["question", "expected", "language",
                                                                               "scope"]:
            raise ValueError(f"{path}: the first line must be: question, expected, language, scope (tab-separated)")
        for number, row in enumerate(rows, start=2):
            if not row or not "".join(row).strip():
                continue
            if len(row) < 4 or row[3].strip() not in ("in", "out"):
                raise ValueError(f"{path}:{number}: need 4 tab-separated columns, scope 'in' or 'out'")
            question, expected, language, scope = (cell.strip() for cell in row[:4])
            if scope == "in":
                try:
                    re.compile(expected)
                except re.error as error:
                    raise ValueError(f"{path}:{number}: expected {expected!r} is not a valid regex: {error}") from error
            cases.append(Case(question, expected, language, scope == "in"))
    return cases


@dataclass(frozen=True)
class Offered:
    """What the search offered for one question: entry ids best first, and whether the first was strong."""

    ids: tuple[str, ...]
    strong: bool


def chat_search(question: str) -> Offered:
    """The shipped search, as the chat calls it."""
    from bot.faq.search import search

    hits = search(question, limit=3)
    return Offered(tuple(hit.entry.id for hit in hits), bool(hits) and hits[0].strong)


def evaluate(cases: Iterable[Case], run: Callable[[str], Offered] = chat_search) -> dict[str, Tally]:
    """Tallies per language plus ``"all"``."""
    tallies: dict[str, Tally] = {"all": Tally()}
    for case in cases:
        offered = run(case.question)
        for tally in (tallies.setdefault(case.language, Tally()), tallies["all"]):
            if case.in_scope:
                tally.asked += 1
                first = bool(offered.ids) and case.accepts(offered.ids[0])
                tally.top1 += first
                tally.top3 += any(case.accepts(entry_id) for entry_id in offered.ids)
                tally.strong_wrong += offered.strong and not first
                if not first:
                    tally.misses.append(f"{case.question!r}: expected {case.expected}, got {list(offered.ids)}"
                                        f"{' (strong)' if offered.strong else ''}")
            else:
                tally.out_asked += 1
                tally.out_offered += bool(offered.ids)
                tally.out_strong += offered.strong
                if offered.ids:
                    tally.misses.append(f"{case.question!r}: out of scope, offered {list(offered.ids)}"
                                        f"{' (strong)' if offered.strong else ''}")
    return tallies


def report(tallies: dict[str, Tally], show_misses: bool = True) -> str:
    """A plain-text table of the figures (and the misses of ``all``)."""
    lines = [f"{'language':9} {'n':>4} {'top-1':>7} {'top-3':>7} {'strong wrong':>13} "
             f"{'out n':>6} {'out offered':>12} {'out strong':>11}"]
    for name, tally in sorted(tallies.items(), key=lambda item: (item[0] == "all", item[0])):
        lines.append(f"{name:9} {tally.asked:4} {tally.top1_rate:7.1%} {tally.top3_rate:7.1%} "
                     f"{tally.strong_wrong:13} {tally.out_asked:6} {tally.out_offered_rate:12.1%} "
                     f"{tally.out_strong:11}")
    if show_misses:
        lines.extend(f"  miss {miss}" for miss in tallies["all"].misses)
    return "\n".join(lines)
