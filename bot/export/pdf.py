"""The copy sheet as a PDF (fpdf2, A4): every tab's boxes with both labels and the value to type.

Layout, top to bottom: title, label and dates; an INCOMPLETE banner listing what is missing (when the
draft is not complete); the identity the platform will show and the opening answers it will not let
change later; the warnings still open; then one section per platform tab in platform order, each field
as a row (zh label verbatim, English label under it; the value, its English wording, the parts the
platform splits it into); the document checklist in the 文件上傳 tab. Every page repeats a short header
(and the INCOMPLETE mark) and is numbered "page n of m"; long values wrap, a row never splits across
pages. The surrounding text follows ``locale``; labels and values are always shown in both languages.

Noto Sans TC is embedded as a subset, with Noto Sans SC, KR and Noto Sans (Latin) as fallbacks
(:mod:`bot.export.font`); a character none of them has becomes ``?``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, TextMode, XPos, YPos

from bot.documents.notes import format_size
from bot.export.font import FAMILY, add_fonts, printable
from bot.export.sheet import DOCUMENTS, Row, RowState, Sheet, Tab
from bot.forms.verdict_model import Finding
from bot.forms.verdict_text import NO_REFUND, headline
from bot.i18n import Msg, _, is_chinese, render

Color = tuple[int, int, int]
INK: Color = (26, 26, 26)
MUTED: Color = (102, 102, 102)
ACCENT: Color = (11, 83, 148)
DANGER: Color = (176, 0, 32)
WARNING: Color = (150, 90, 0)
RULE: Color = (210, 210, 210)
BAND: Color = (232, 240, 250)
BANNER: Color = (253, 234, 236)

MARGIN = 14.0
LABEL_WIDTH = 68.0
GUTTER = 4.0
LEADING = 1.32  # line height as a multiple of the font size
PT = 0.3528  # mm per point

# fpdf2 warns "Font … is missing the following glyphs: 'Ł' …" for each character of the applicant's text the
# main font lacks (the fallbacks then draw it): characters of names in the logs. Its warnings are not needed.
logging.getLogger("fpdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class Line:
    """One paragraph of a cell: text, size in points, colour, faux bold."""

    text: str
    size: float = 9.5
    color: Color = INK
    bold: bool = False


class _Document(FPDF):
    """FPDF with the sheet's running header and numbered footer."""

    def __init__(self, header_text: str, incomplete_text: str | None, footer_text: Msg, locale: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.running_header = printable(header_text)
        self.incomplete_text = printable(incomplete_text) if incomplete_text else None
        self.footer_text = footer_text
        self.locale = locale

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FAMILY, size=7.5)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, 6)
        width = self.w - 2 * MARGIN
        if self.incomplete_text:
            self.set_text_color(*DANGER)
            self.cell(width, 4, self.incomplete_text, align="R")
            self.set_xy(MARGIN, 6)
            self.set_text_color(*MUTED)
        self.cell(width - 40, 4, self.running_header)
        self.set_y(MARGIN)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FAMILY, size=7.5)
        self.set_text_color(*MUTED)
        text = render(self.footer_text, self.locale).replace("{page}", str(self.page_no()))
        self.cell(0, 4, printable(text), align="C")


class _Writer:
    """Draws the sheet on a :class:`_Document`, keeping rows whole across page breaks."""

    def __init__(self, pdf: _Document, locale: str) -> None:
        self.pdf = pdf
        self.locale = locale
        self.width = pdf.w - 2 * MARGIN

    # -- primitives ---------------------------------------------------------------------------

    def t(self, message: Msg | str) -> str:
        return printable(render(message, self.locale) if isinstance(message, Msg) else message)

    def _style(self, line: Line) -> None:
        self.pdf.set_font(FAMILY, size=line.size)
        self.pdf.set_text_color(*line.color)
        if line.bold:
            self.pdf.text_mode = TextMode.FILL_STROKE
            self.pdf.set_draw_color(*line.color)
            self.pdf.set_line_width(line.size * 0.018)
        else:
            self.pdf.text_mode = TextMode.FILL

    def height(self, lines: Sequence[Line], width: float) -> float:
        total = 0.0
        for line in lines:
            self._style(line)
            height = self.pdf.multi_cell(width, line.size * PT * LEADING, line.text, align="L", dry_run=True,
                                         output=MethodReturnValue.HEIGHT)
            assert isinstance(height, float | int)
            total += height
        self.pdf.text_mode = TextMode.FILL
        return total

    def draw(self, lines: Sequence[Line], x: float, y: float, width: float) -> float:
        """Draw ``lines`` from (x, y) in a column of ``width``; returns the y below them."""
        for line in lines:
            self._style(line)
            self.pdf.set_xy(x, y)
            self.pdf.multi_cell(width, line.size * PT * LEADING, line.text, align="L", new_x=XPos.LEFT,
                                new_y=YPos.NEXT)
            y = self.pdf.get_y()
        self.pdf.text_mode = TextMode.FILL
        return y

    def fits(self, lines: Sequence[Line], width: float, room: float) -> bool:
        """A cheap upper bound first (string widths); the exact wrap only when the bound does not fit."""
        bound = 0.0
        for line in lines:
            self.pdf.set_font(FAMILY, size=line.size)
            paragraphs = line.text.split("\n")
            rows = sum(int(self.pdf.get_string_width(part) * 1.3 / width) + 1 for part in paragraphs)
            bound += rows * line.size * PT * LEADING
        return bound <= room or self.height(lines, width) <= room

    def room_for(self, needed: float) -> bool:
        """Start a new page unless ``needed`` mm still fit; True when a new page was started."""
        if self.pdf.get_y() + needed <= self.pdf.page_break_trigger:
            return False
        self.pdf.add_page()
        return True

    def block(self, lines: Sequence[Line], *, fill: Color | None = None, padding: float = 0.0) -> None:
        """Full-width paragraphs (split across pages only when taller than a page)."""
        inner = self.width - 2 * padding
        needed = self.height(lines, inner) + 2 * padding
        page_height = self.pdf.page_break_trigger - MARGIN
        if needed <= page_height:
            self.room_for(needed)
        y = self.pdf.get_y()
        if fill is not None and needed <= page_height:
            self.pdf.set_fill_color(*fill)
            self.pdf.rect(MARGIN, y, self.width, needed, style="F")
        end = self.draw(lines, MARGIN + padding, y + padding, inner)
        self.pdf.set_y(end + padding)

    def gap(self, mm: float) -> None:
        self.pdf.set_y(self.pdf.get_y() + mm)

    def rule(self, color: Color = RULE) -> None:
        y = self.pdf.get_y()
        self.pdf.set_draw_color(*color)
        self.pdf.set_line_width(0.2)
        self.pdf.line(MARGIN, y, MARGIN + self.width, y)

    def heading(self, zh: str, en: Msg, *, continued: bool = False, keep_with: float = 12.0) -> None:
        """A section heading in both languages; kept on the page of the first row under it."""
        title = f"{zh}  ·  {render(en, 'en')}"
        if continued:
            title += "  " + self.t(_("(continued)"))
        lines = [Line(printable(title), 12.5, ACCENT, bold=True)]
        needed = self.height(lines, self.width) + 3 + keep_with
        self.room_for(needed)
        self.gap(1.5)
        self.block(lines)
        self.pdf.set_draw_color(*ACCENT)
        self.pdf.set_line_width(0.4)
        y = self.pdf.get_y()
        self.pdf.line(MARGIN, y, MARGIN + self.width, y)
        self.gap(1.2)

    def subheading(self, text: Msg, color: Color = INK) -> None:
        lines = [Line(self.t(text), 11, color, bold=True)]
        self.room_for(self.height(lines, self.width) + 10)
        self.gap(1.5)
        self.block(lines)
        self.gap(0.8)

    def row(self, left: Sequence[Line], right: Sequence[Line], on_new_page: Tab | None = None) -> None:
        """A two-column row: labels on the left, the value on the right; never split across pages."""
        value_x = MARGIN + LABEL_WIDTH + GUTTER
        value_width = self.width - LABEL_WIDTH - GUTTER
        room = self.pdf.page_break_trigger - self.pdf.get_y() - 2.4
        if not (self.fits(left, LABEL_WIDTH, room) and self.fits(right, value_width, room)):
            needed = max(self.height(left, LABEL_WIDTH), self.height(right, value_width)) + 2.4
            if self.room_for(needed) and on_new_page is not None:
                self.heading(on_new_page.zh, on_new_page.en, continued=True, keep_with=needed)
        y = self.pdf.get_y() + 1.2
        end = max(self.draw(left, MARGIN, y, LABEL_WIDTH), self.draw(right, value_x, y, value_width))
        self.pdf.set_y(end + 1.2)
        self.rule()


def render_pdf(sheet: Sheet, locale: str, draft_json: bytes | None = None) -> bytes:
    """The copy sheet as PDF bytes, its surrounding text in ``locale`` (``en`` or ``zh_TW``); ``draft_json``
    (the export's draft.json) is attached as ``draft.json``, so ``check-draft`` reads the PDF too."""
    title = render(_("Gold Card copy sheet"), locale)
    header = " · ".join(part for part in (f"就業金卡 {title}" if not is_chinese(locale) else title, sheet.label,
                                          sheet.generated.isoformat()) if part)
    incomplete = None if sheet.complete else render(_("INCOMPLETE: not ready to submit"), locale)
    footer = _("Page {page} of {total} · generated {date}", page="{page}", total="{nb}", date=sheet.generated)
    pdf = _Document(header, incomplete, footer, locale)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    add_fonts(pdf, draft_json.decode("utf-8", "replace") if draft_json is not None else None)
    pdf.set_title("Gold Card copy sheet")
    pdf.set_creator("Gold Card Guide")
    pdf.set_lang("zh-TW" if is_chinese(locale) else "en")
    pdf.add_page()
    writer = _Writer(pdf, locale)
    _title(writer, sheet)
    if not sheet.complete:
        _incomplete_banner(writer, sheet)
    _identity(writer, sheet)
    if sheet.warnings:
        _warnings(writer, sheet.invalid, sheet.notes)
    for tab in sheet.tabs:
        _tab(writer, sheet, tab)
    if draft_json is not None:
        stamp = datetime(sheet.generated.year, sheet.generated.month, sheet.generated.day, tzinfo=UTC)
        pdf.embed_file(bytes=draft_json, basename="draft.json", modification_date=stamp,
                       mime_type="application/json")
    return bytes(pdf.output())


# -- parts of the sheet ---------------------------------------------------------------------------


def _title(w: _Writer, sheet: Sheet) -> None:
    w.block([Line("就業金卡 Employment Gold Card", 10, MUTED),
             Line(w.t(_("Gold Card copy sheet")), 20, INK, bold=True)])
    facts: list[Msg] = []
    if sheet.label:
        facts.append(_("Applicant: {label}", label=sheet.label))
    facts.append(_("Generated {generated}; checked against the rules as of {today}.", generated=sheet.generated,
                   today=sheet.today))
    lines = [Line(w.t(fact), 9.5, INK) for fact in facts]
    lines.append(Line(w.t(_("Open the platform and fill it in tab by tab, in this order. Press 儲存 (save) often: "
                            "the platform logs you out after 30 minutes.")), 9, MUTED))
    lines.append(Line(w.t(headline(sheet.verdict)), 10, ACCENT if sheet.complete else DANGER, bold=True))
    lines.append(Line(w.t(NO_REFUND), 9, WARNING))
    w.gap(1)
    w.block(lines)
    w.gap(2)


def _incomplete_banner(w: _Writer, sheet: Sheet) -> None:
    lines = [Line(w.t(_("INCOMPLETE: not ready to submit")), 14, DANGER, bold=True)]
    if sheet.missing:
        lines.append(Line(w.t(_("Still missing ({count}):", count=len(sheet.missing))), 10, DANGER, bold=True))
        for tab_zh, tab_en, labels in _grouped(sheet.missing):
            lines.append(Line(printable(f"• {tab_zh} {render(tab_en, 'en')}: {'; '.join(labels)}"), 9, INK))
    if sheet.invalid:
        lines.append(Line(w.t(_("{count} answer(s) the platform would refuse: see the warnings below.",
                                count=len(sheet.invalid))), 10, DANGER, bold=True))
    w.block(lines, fill=BANNER, padding=3)
    w.gap(3)


def _grouped(problems: Sequence[Finding]) -> list[tuple[str, Msg, list[str]]]:
    from bot.forms.sections import section

    groups: dict[str, list[str]] = {}
    for problem in problems:
        groups.setdefault(problem.section, []).append(f"{problem.zh} ({render(problem.en, 'en')})")
    return [(section(key).zh, section(key).en, labels) for key, labels in groups.items()]


def _identity(w: _Writer, sheet: Sheet) -> None:
    w.subheading(_("The identity the platform will show"), ACCENT)
    if sheet.identity is not None:
        lines = [Line(printable(f"「{sheet.identity.zh}」"), 13, INK, bold=True),
                 Line(printable(sheet.identity.en), 9.5, MUTED)]
        if sheet.identity.confidence != "OFFICIAL":
            lines.append(Line(w.t(_("This wording is not yet confirmed on the live platform; check that the "
                                    "platform shows the same.")), 8.5, WARNING))
    else:
        lines = [Line(w.t(_("Not known yet: answer the opening questions first.")), 10, DANGER)]
    w.block(lines, fill=BAND, padding=2.5)
    w.gap(1.5)
    w.subheading(_("Opening questions: these answers cannot be changed on the platform later"), DANGER)
    for row in sheet.opening:
        w.row(_labels(w, row), _value(w, row))
    w.gap(2)


def _warnings(w: _Writer, invalid: Sequence[Finding], notes: Sequence[Finding]) -> None:
    w.subheading(_("Warnings still open ({count})", count=len(invalid) + len(notes)), WARNING)
    for problem in (*invalid, *notes):
        mark, color = ("⚠", DANGER) if problem.blocking else ("※", WARNING)
        left = [Line(printable(f"{mark}\u00a0{problem.zh}"), 9.5, color, bold=problem.blocking),
                Line(printable(render(problem.en, "en")), 8, MUTED)]
        w.row(left, [Line(w.t(problem.message), 9, INK)])
    w.gap(2)


def _tab(w: _Writer, sheet: Sheet, tab: Tab) -> None:
    w.heading(tab.zh, tab.en)
    if tab.missing:
        w.block([Line(w.t(_("{count} answer(s) still missing in this tab.", count=tab.missing)), 8.5, DANGER)])
    for row in tab.rows:
        if tab.key == DOCUMENTS and row.ref.key == "files":
            continue
        w.row(_labels(w, row), _value(w, row), on_new_page=tab)
    if tab.key == DOCUMENTS:
        _checklist(w, sheet, tab)
    w.gap(2)


def _labels(w: _Writer, row: Row) -> list[Line]:
    lines = [Line(printable(row.zh), 10, INK, bold=True), Line(printable(render(row.en, "en")), 8, MUTED)]
    if row.helper:
        lines.append(Line(w.t(_("(the bot's helper: no box of this name on the platform)")), 7.5, MUTED))
    return lines


def _value(w: _Writer, row: Row) -> list[Line]:
    if row.state is RowState.MISSING:
        lines = [Line(w.t(_("MISSING: required, not answered yet")), 10, DANGER, bold=True)]
    elif row.state is RowState.EMPTY or row.shown is None:
        lines = [Line("—  " + w.t(_("(left empty)")), 9, MUTED)]
    else:
        lines = [Line(printable(row.shown.text), 11, INK)]
        if row.shown.gloss:
            lines.append(Line(printable(row.shown.gloss), 8.5, MUTED))
        for part in row.shown.parts:
            label = f"{part.zh} · {render(part.en, 'en')}" if part.zh else w.t(part.en)
            gloss = f" ({part.gloss})" if part.gloss else ""
            lines.append(Line(printable(f"{label}: {part.text}{gloss}"), 8.5, INK))
    if row.flagged:
        lines.append(Line(w.t(_("⚠ The platform would refuse this value: see the warnings.")), 8.5, DANGER))
    return lines


def _checklist(w: _Writer, sheet: Sheet, tab: Tab) -> None:
    if not sheet.documents:
        w.row([Line(w.t(_("Documents")), 10, INK, bold=True)],
              [Line(w.t(_("No documents uploaded yet.")), 9.5, MUTED)], on_new_page=tab)
        return
    for line in sheet.documents:
        left = [Line(printable(line.zh), 10, INK, bold=True), Line(printable(line.en), 8, MUTED)]
        right = [Line(printable(line.file_name), 10.5, INK), Line(format_size(line.size), 8.5, MUTED)]
        if line.archive_name:
            right.append(Line(w.t(_("In the ZIP: {path}", path=line.archive_name)), 8, MUTED))
        else:
            right.append(Line(w.t(_("Recorded in the draft; the file is not in this export.")), 8, WARNING))
        w.row(left, right, on_new_page=tab)


__all__ = ["render_pdf"]
