"""The copy sheet's typefaces: Noto Sans TC first, then fallbacks, so every character typed prints.

All fonts come from PyPI packages (dependencies in pyproject.toml), under the SIL Open Font License 1.1;
nothing is assumed to be installed on the machine:

- Noto Sans TC (``pylopdf-fonts-zh-tw``): Traditional Chinese with Taiwan's glyph forms, kana, Latin;
- Noto Sans SC (``pylopdf-fonts-zh-cn``): Simplified Chinese (陈, 卫 ...);
- Noto Sans KR (``pylopdf-fonts-ko``): Hangul;
- Noto Sans (``fontpkg-noto-sans``): Latin, Greek and Cyrillic with every diacritic (Ł, ź, Ş, ặ ...).

fpdf2 picks the first font of the chain that has a glyph (``set_fallback_fonts``) and embeds only the
glyphs a sheet uses. A character none of them has (an emoji) would print as an empty box;
:func:`printable` replaces it with ``?``, and the JSON keeps the exact value.

Each font is parsed once per process and shared (:func:`_parsed`): fpdf2's ``add_font`` reads a CJK font's
cmap and metrics of 20,000+ glyphs (about a fifth of an export's CPU, and some MB each time); a document
gets a copy that shares those read-only tables and has its own subset and its own lazily opened font file
(fontTools' subsetter rewrites the font it is given, so that one cannot be shared). A CID-keyed CFF font
(Noto Sans CJK) has no ``seac`` accented glyphs, so the subsetter's CFF closure, which runs every used
glyph's charstring to find them, is skipped for such fonts (:func:`_skip_cid_cff_closure`). In the document
worker, the forkserver opens the main font once more with every table decompiled and the charstrings every
sheet draws parsed, and each export child, forked with its own copy, takes that font for its one document
(:func:`load_for_children`); the output is the same bytes (tests/export/test_pdf_fonts.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

FAMILY = "NotoSansTC"
REPLACEMENT = "?"
_ALWAYS = frozenset("\n\t ")
# OpenType layout tables: fpdf2 drops them from every subset (no text shaping here), but fontTools' subsetter
# decompiles them before it drops them (``_compact_layout_tables``: ~3% of a sheet's CPU)
_LAYOUT_TABLES = ("GDEF", "GSUB", "GPOS")
_LOADED: dict[Path, tuple[int, Any]] = {}  # font file → (the forkserver's pid, its font with the tables decompiled)
_drawing: list[Any] | None = None  # within glyphs_drawn(): the main font of each document rendered


def _tc() -> Path:
    from pylopdf_fonts_zh_tw import sans_path

    return Path(sans_path())


def _sc() -> Path:
    from pylopdf_fonts_zh_cn import sans_path

    return Path(sans_path())


def _kr() -> Path:
    from pylopdf_fonts_ko import sans_path

    return Path(sans_path())


def _latin() -> Path:
    from fontpkg_noto_sans import ROOT

    return Path(ROOT) / "files" / "NotoSans[wdth,wght].ttf"


FALLBACKS = (("NotoSansSC", _sc), ("NotoSansKR", _kr), ("NotoSans", _latin))


@cache
def font_path() -> Path:
    """The Noto Sans TC file of the installed font package."""
    return _checked(_tc())


@cache
def chain() -> tuple[tuple[str, Path], ...]:
    """Every font of the chain, first the main one: (family, file)."""
    return ((FAMILY, font_path()), *((family, _checked(locate())) for family, locate in FALLBACKS))


def _checked(path: Path) -> Path:
    if not path.is_file():  # pragma: no cover - a broken installation
        raise FileNotFoundError(f"font not found at {path}; reinstall the project (pip install -e .)")
    return path


@cache
def _parsed(family: str, path: Path) -> Any:
    """fpdf2's parsed font (``TTFFont``: cmap, widths, glyph ids, descriptor), read once per process; its
    font file is closed (each document opens its own)."""
    from fpdf import FPDF

    scratch = FPDF()
    scratch.add_font(family, "", str(path))
    parsed: Any = scratch.fonts[family.lower()]
    parsed.ttfont.close()
    parsed.ttfont = None  # its decompiled tables (hmtx, cmap): what is needed was copied out
    return parsed


def cmap_of(path: Path) -> dict[int, str]:
    """The code points one font has a glyph for (its parsed cmap)."""
    family = next(name for name, font in chain() if font == path)
    cmap: dict[int, str] = _parsed(family, path).cmap
    return cmap


@cache
def covered() -> frozenset[int]:
    """The code points some font of the chain has a glyph for (all four parsed: for checks and tests; the
    sheet asks :func:`_drawable` character by character, parsing the fallbacks only for a rare character)."""
    return frozenset().union(*(cmap_of(path) for _family, path in chain()))


def _drawable(code: int) -> bool:
    """Whether some font of the chain has a glyph for ``code`` (the fallbacks parsed only when asked)."""
    return any(code in cmap_of(path) for _family, path in chain())


def _share(pdf: Any, family: str, path: Path) -> None:
    """Register the shared parsed font on ``pdf``, as ``pdf.add_font`` would, without parsing it again."""
    from fpdf.fonts import SubsetMap, TTFFont

    parsed = _parsed(family, path)
    font = TTFFont.__new__(TTFFont)
    for slot in TTFFont.__slots__:
        if hasattr(parsed, slot):
            setattr(font, slot, getattr(parsed, slot))  # read-only tables shared: cmap, cw, glyph_ids, desc
    font.i = len(pdf.fonts) + 1
    font.ttfont = _claim_loaded(path) or _open(path)  # the subsetter rewrites it: one per document
    font._hbfont = None
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.color_font = None
    font.subset = SubsetMap(font)
    pdf.fonts[parsed.fontkey] = font
    if _drawing is not None and family == FAMILY:
        _drawing.append(font)
    if font.is_cff and font.is_cid_keyed:
        pdf._set_min_pdf_version("1.6")


def _open(path: Path) -> Any:
    """The font file, opened lazily, as one document's subsetter needs it."""
    from fontTools.ttLib import TTFont

    ttfont = TTFont(path, recalcTimestamp=False, lazy=True)
    ttfont.recalcBBoxes = False  # the subset keeps the full font's bounding box: no need to measure
    for tag in _LAYOUT_TABLES:  # dropped from the subset by fpdf2 anyway; fontTools would decompile them first
        if tag in ttfont:
            del ttfont[tag]
    return ttfont


@contextmanager
def glyphs_drawn() -> Iterator[set[str]]:
    """The names of the main font's glyphs drawn by the documents rendered within the block (filled in when
    it ends)."""
    global _drawing
    _drawing = []
    drawn: set[str] = set()
    try:
        yield drawn
    finally:
        for font in _drawing:
            drawn.update(font.subset.get_all_glyph_names())
        _drawing = None


def load_for_children(glyphs: Iterable[str] = ()) -> None:
    """In the document worker's forkserver only (:func:`bot.export.pdf_worker.warm_up`): the main font's file
    opened with every table decompiled (CFF index and charset, hmtx, cmap, glyph order: ~40 ms of each export),
    and the charstrings of ``glyphs`` (those every sheet draws) with the subroutines they call decompiled (the
    subsetter then runs their programs instead of parsing their bytes: ~20 ms), for the export children forked
    from it. Each child takes it for its one document (:func:`_claim_loaded`): the child's copy of the memory
    is its own, so the subsetter may rewrite it; the forkserver never uses it."""
    path = font_path()
    ttfont = _open(path)
    ttfont.ensureDecompiled(recurse=False)  # every table read now (a lazy font reads each on first use)
    if "CFF " in ttfont:
        cff = ttfont["CFF "].cff
        charstrings = cff[cff.keys()[0]].CharStrings
        for name in sorted(glyphs):
            if name in charstrings:
                charstrings[name].decompile()  # its program, and those of the subroutines it calls
    _LOADED[path] = (os.getpid(), ttfont)


def _claim_loaded(path: Path) -> Any:
    """The font loaded by the forkserver, once, in a child forked from it (None anywhere else)."""
    loaded = _LOADED.get(path)
    if loaded is None or loaded[0] == os.getpid():
        return None  # nothing loaded, or this is the process that loaded it (it keeps it for its children)
    del _LOADED[path]
    _pid, ttfont = loaded
    if ttfont.reader is not None:  # the forkserver's file object shares its offset with every child: a new one
        ttfont.reader.file = open(path, "rb")  # noqa: SIM115  (closed with the font, by fpdf2)
    return ttfont


def preload() -> None:
    """Parse every font of the chain now (the document worker's forkserver does, so every export child has
    them: a child that parsed a fallback itself would pay for it on every export)."""
    for family, path in chain():
        _parsed(family, path)
    _skip_cid_cff_closure()


def add_fonts(pdf: Any, text: str | None = None) -> None:
    """Register the chain on an fpdf2 document and make the fallbacks fallbacks. With ``text`` (everything the
    applicant typed), only the fallbacks it needs are loaded: parsing a large CJK font costs a moment."""
    _skip_cid_cff_closure()
    main, *fallbacks = chain()
    _share(pdf, *main)
    needed = {ord(ch) for ch in text if ord(ch) not in cmap_of(main[1])} if text is not None else None
    used = []
    for family, path in fallbacks:
        if needed is None or any(code in cmap_of(path) for code in needed):
            _share(pdf, family, path)
            used.append(family)
            if needed is not None:
                needed = {code for code in needed if code not in cmap_of(path)}
    if used:
        pdf.set_fallback_fonts(used, exact_match=False)


@cache
def _skip_cid_cff_closure() -> None:
    """fontTools' subsetter looks for ``seac`` accent components by running the charstring of every glyph
    kept; a CID-keyed CFF font cannot have them (seac names its components by StandardEncoding, which CID
    fonts lack), so for such a font the search finds nothing and is skipped (the same glyphs are kept:
    tests/export/test_pdf_fonts.py checks that fontTools' own search adds nothing for these fonts)."""
    from fontTools import ttLib
    from fontTools.subset import cff  # noqa: F401  (adds closure_glyphs to the CFF table class)

    table: Any = ttLib.getTableClass("CFF ")
    original = table.closure_glyphs
    if getattr(original, "skips_cid", False):
        return

    def closure_glyphs(self: Any, s: Any) -> None:
        cff_font = self.cff[self.cff.keys()[0]]
        if getattr(cff_font, "ROS", None) is not None:
            return
        original(self, s)

    closure_glyphs.skips_cid = True  # type: ignore[attr-defined]
    closure_glyphs.original = original  # type: ignore[attr-defined]
    table.closure_glyphs = closure_glyphs


def printable(text: str) -> str:
    """``text`` with every character no font of the chain can draw replaced by ``?``."""
    main = cmap_of(font_path())
    if all(ch in _ALWAYS or ord(ch) in main for ch in text):
        return text
    return "".join(ch if ch in _ALWAYS or _drawable(ord(ch)) else REPLACEMENT for ch in text)


__all__ = ["FAMILY", "add_fonts", "chain", "cmap_of", "covered", "font_path", "printable"]
