"""The copy sheet in chat: short messages, tab by tab, each value tap-to-copy (monospace in Telegram).

:func:`copy_sheet_replies` is pure: it builds the :class:`~bot.engine.events.Reply` objects and sends
nothing. First an overview (complete or INCOMPLETE with what is missing, and the identity the platform
will show), then the opening answers that cannot be changed later, the warnings still open, and one
message per platform tab headed by the tab's zh name, in platform order. A message never takes more than
one phone screen (:data:`SCREEN_LINES` lines, long lines counted as the lines they wrap into on a
:data:`SCREEN_COLUMNS`-column screen); a long tab is split into numbered parts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.documents.notes import format_size
from bot.engine.events import Reply
from bot.export.sheet import DOCUMENTS, Row, RowState, Sheet, Tab, build_sheet
from bot.export.values import SubValue
from bot.forms.draft import ApplicationDraft
from bot.forms.sections import section
from bot.forms.verdict_model import Finding
from bot.forms.verdict_text import NO_REFUND, headline
from bot.i18n import Bold, Code, Msg, _, is_chinese, joined, render, verbatim

SCREEN_LINES = 25
SCREEN_COLUMNS = 40  # half-width characters per line on a phone; a Chinese character takes two


@dataclass(frozen=True)
class _Block:
    """What one message shows: a heading and lines (each line may wrap on the phone)."""

    heading: Msg
    lines: tuple[Msg, ...]


def copy_sheet_replies(draft: ApplicationDraft, locale: str, today: date) -> tuple[Reply, ...]:
    """The copy sheet as chat messages in ``locale``, checked against the rules as of ``today``."""
    sheet = build_sheet(draft, today)
    blocks = [_overview(sheet, locale)]
    if sheet.missing:
        blocks.append(_Block(_("⚠️ Still missing ({count})", count=len(sheet.missing)), _missing_lines(sheet)))
    blocks.append(_Block(_("🔒 Opening questions: cannot be changed on the platform later"),
                         tuple(line for row in sheet.opening for line in _row_lines(row, locale))))
    if sheet.warnings:
        blocks.append(_Block(_("⚠️ Warnings still open ({count})", count=len(sheet.warnings)),
                             tuple(_warning_line(problem, locale) for problem in sheet.warnings)))
    for number, tab in enumerate(sheet.tabs, 1):
        blocks.append(_Block(_tab_heading(tab, number, locale), _tab_lines(sheet, tab, locale)))
    return tuple(reply for block in blocks for reply in _split(block, locale))


# -- blocks ---------------------------------------------------------------------------------------


def _overview(sheet: Sheet, locale: str) -> _Block:
    lines: list[Msg] = [headline(sheet.verdict), NO_REFUND]
    if sheet.identity is not None:
        lines.append(_("The identity the platform will show: {identity}", identity=Code(sheet.identity.zh)))
        if not is_chinese(locale):
            lines.append(verbatim(sheet.identity.en))
    else:
        lines.append(_("The identity is not known yet: answer the opening questions first."))
    lines.append(_("Fill in the platform tab by tab with the messages below; tap a value to copy it. Press 儲存 "
                   "(save) often: the platform logs you out after 30 minutes."))
    return _Block(_("📋 Copy sheet, checked on {today}", today=sheet.today), tuple(lines))


def _missing_lines(sheet: Sheet) -> tuple[Msg, ...]:
    groups: dict[str, list[Finding]] = {}
    for problem in sheet.missing:
        groups.setdefault(problem.section, []).append(problem)
    return tuple(_("• {tab}: {fields}", tab=Bold(section(key).zh),
                   fields="、".join(dict.fromkeys(p.zh for p in problems))) for key, problems in groups.items())


def _warning_line(problem: Finding, locale: str) -> Msg:
    mark = "⚠️" if problem.blocking else "ℹ️"
    return _("{mark} {label}: {message}", mark=mark, label=_label(problem.zh, problem.en, locale),
             message=problem.message)


def _tab_heading(tab: Tab, number: int, locale: str) -> Msg:
    if is_chinese(locale):
        return _("{number}. {tab}", number=number, tab=Bold(tab.zh))
    return _("{number}. {tab} · {english}", number=number, tab=Bold(tab.zh), english=tab.en)


def _tab_lines(sheet: Sheet, tab: Tab, locale: str) -> tuple[Msg, ...]:
    lines: list[Msg] = []
    for row in tab.rows:
        if tab.key == DOCUMENTS and row.ref.key == "files":
            continue
        lines.extend(_row_lines(row, locale))
    if tab.key == DOCUMENTS:
        for document in sheet.documents:
            lines.append(_("{label}: {file} ({size})", label=_label(document.zh, verbatim(document.en), locale),
                           file=Code(document.file_name), size=format_size(document.size)))
        if not sheet.documents:
            lines.append(_("No documents uploaded yet."))
    return tuple(lines)


def _label(zh: str, en: Msg, locale: str) -> Msg:
    if is_chinese(locale):
        return verbatim(zh)
    return _("{platform} · {english}", platform=zh, english=en)


def _row_lines(row: Row, locale: str) -> list[Msg]:
    label = _label(row.zh, row.en, locale)
    if row.helper:
        label = _("{label} (bot's helper)", label=label)
    if row.state is RowState.MISSING:
        return [_("{label}: ⚠️ missing", label=label)]
    if row.state is RowState.EMPTY or row.shown is None:
        return [_("{label}: —", label=label)]
    shown = row.shown
    if shown.gloss and not is_chinese(locale):
        value = _("{value} ({english})", value=Code(shown.text), english=shown.gloss)
    else:
        value = Msg("{value}", {"value": Code(shown.text)})
    lines = [_("{label}: {value}", label=label, value=value) if not row.flagged else
             _("{label}: {value} ⚠️ see the warnings", label=label, value=value)]
    lines.extend(_part_line(part, locale) for part in shown.parts)
    return lines


def _part_line(part: SubValue, locale: str) -> Msg:
    label = _label(part.zh, part.en, locale) if part.zh else part.en
    if part.gloss and not is_chinese(locale):
        return _("   ↳ {label}: {value} ({english})", label=label, value=Code(part.text), english=part.gloss)
    return _("   ↳ {label}: {value}", label=label, value=Code(part.text))


# -- fitting messages to a phone screen ------------------------------------------------------------


def screen_lines(text: str, columns: int = SCREEN_COLUMNS) -> int:
    """How many lines ``text`` takes on a phone screen (wide characters count twice)."""
    total = 0
    for line in text.split("\n"):
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        total += max(1, -(-width // columns))
    return total


def _split(block: _Block, locale: str) -> list[Reply]:
    """The block as one message, or as numbered parts when it is taller than a screen."""
    heading_cost = screen_lines(render(block.heading, locale)) + 2  # the heading, a part number, a blank line
    budget = SCREEN_LINES - heading_cost
    costs = [screen_lines(render(line, locale)) for line in block.lines]
    chunks = _pack(block.lines, costs, budget)
    if len(chunks) > 1:  # the same number of parts, evenly filled (no last part of a single line)
        for even_budget in range(max(max(costs), -(-sum(costs) // len(chunks))), budget):
            even = _pack(block.lines, costs, even_budget)
            if len(even) == len(chunks):
                chunks = even
                break
    if len(chunks) == 1:
        return [Reply(parts=(block.heading, joined(chunks[0])) if chunks[0] else (block.heading,))]
    return [Reply(parts=(_("{heading} ({part}/{parts})", heading=block.heading, part=number, parts=len(chunks)),
                         joined(chunk)))
            for number, chunk in enumerate(chunks, 1)]


def _pack(lines: Sequence[Msg], costs: Sequence[int], budget: int) -> list[list[Msg]]:
    """Lines into chunks of at most ``budget`` screen lines each (a longer single line gets its own chunk)."""
    chunks: list[list[Msg]] = [[]]
    used = 0
    for line, cost in zip(lines, costs, strict=True):
        if chunks[-1] and used + cost > budget:
            chunks.append([])
            used = 0
        chunks[-1].append(line)
        used += cost
    return chunks


__all__ = ["SCREEN_COLUMNS", "SCREEN_LINES", "copy_sheet_replies", "screen_lines"]
