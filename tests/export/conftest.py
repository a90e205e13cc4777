"""Fixtures of the export tests: the sample drafts, and readers of a PDF's text, fonts and glyphs."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from fontTools.cffLib import CFFFontSet

from bot.forms.draft import ApplicationDraft, load_draft

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
DRAFTS = {
    "complete": FIXTURES / "draft_complete.json",
    "problems": FIXTURES / "draft_problems.json",  # every answer given, three refused by the rules
    "incomplete": HERE / "draft_incomplete.json",  # answers missing in four tabs, a long address
}


def draft_of(name: str) -> ApplicationDraft:
    return load_draft(DRAFTS[name].read_bytes())


@pytest.fixture(params=sorted(DRAFTS))
def sample(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def pdfium_text(pdf: bytes) -> list[str]:
    """The text of each page as PDFium (Chrome's PDF engine) extracts it."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [document[index].get_textpage().get_text_range() for index in range(len(document))]
    finally:
        document.close()


def squeezed(text: str) -> str:
    """Without whitespace (a long value wraps onto several lines)."""
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class EmbeddedFont:
    base_font: str
    subtype: str  # of the font program: CIDFontType0C (CFF) or a TrueType FontFile2
    to_unicode: dict[int, str]  # character code → text
    code_to_cid: dict[int, int]
    cids: frozenset[int]  # the glyphs the embedded subset really has (by CID)


def _bfchars(cmap: str) -> dict[int, str]:
    found: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            units = bytes.fromhex(text)
            found[int(code, 16)] = units.decode("utf-16-be")
    return found


def _cidchars(cmap: str) -> dict[int, int]:
    found: dict[int, int] = {}
    for block in re.findall(r"begincidchar(.*?)endcidchar", cmap, re.S):
        for code, cid in re.findall(r"<([0-9A-Fa-f]+)>\s*(\d+)", block):
            found[int(code, 16)] = int(cid)
    return found


def embedded_fonts(pdf: bytes) -> list[EmbeddedFont]:
    """Every Type0 font of the PDF, with its ToUnicode map, code → CID map and the CIDs of its subset."""
    fonts: dict[str, EmbeddedFont] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                name = str(font.BaseFont)
                if name in fonts:
                    continue
                assert font.Subtype == "/Type0", f"{name} is not an embedded composite font"
                descendant = font.DescendantFonts[0]
                descriptor = descendant.FontDescriptor
                program = descriptor.get("/FontFile3")
                assert program is not None, f"{name} is not embedded as CFF"
                subset = CFFFontSet()
                subset.decompile(io.BytesIO(program.read_bytes()), None)
                charset = subset[subset.fontNames[0]].charset
                cids = frozenset(int(glyph[3:]) for glyph in charset if glyph.startswith("cid"))
                encoding = font.Encoding
                code_to_cid = (_cidchars(encoding.read_bytes().decode("latin-1"))
                               if isinstance(encoding, pikepdf.Stream) else {})
                fonts[name] = EmbeddedFont(name, str(program.get("/Subtype")),
                                           _bfchars(font.ToUnicode.read_bytes().decode("latin-1")), code_to_cid, cids)
    return list(fonts.values())


def characters_without_glyph(pdf: bytes, text: str) -> set[str]:
    """The characters of ``text`` that no embedded font draws with a real glyph (they would show as boxes)."""
    drawn: set[str] = set()
    for font in embedded_fonts(pdf):
        for code, chars in font.to_unicode.items():
            cid = font.code_to_cid.get(code)
            if cid is not None and cid != 0 and cid in font.cids:
                drawn.update(chars)
    return {ch for ch in text if not ch.isspace() and ch not in drawn}
