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
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

FAMILY = "NotoSansTC"
REPLACEMENT = "?"
_ALWAYS = frozenset("\n\t ")


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
def cmap_of(path: Path) -> frozenset[int]:
    """The code points one font has a glyph for."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@cache
def covered() -> frozenset[int]:
    """The code points some font of the chain has a glyph for."""
    return frozenset().union(*(cmap_of(path) for _family, path in chain()))


def add_fonts(pdf: Any, text: str | None = None) -> None:
    """Register the chain on an fpdf2 document and make the fallbacks fallbacks. With ``text`` (everything the
    applicant typed), only the fallbacks it needs are loaded: parsing a large CJK font costs about a second."""
    main, *fallbacks = chain()
    pdf.add_font(main[0], "", str(main[1]))
    needed = {ord(ch) for ch in text} - cmap_of(main[1]) if text is not None else None
    used = []
    for family, path in fallbacks:
        if needed is None or needed & cmap_of(path):
            pdf.add_font(family, "", str(path))
            used.append(family)
            if needed is not None:
                needed -= cmap_of(path)
    if used:
        pdf.set_fallback_fonts(used, exact_match=False)


def printable(text: str) -> str:
    """``text`` with every character no font of the chain can draw replaced by ``?``."""
    cmap = covered()
    if all(ord(ch) in cmap or ch in _ALWAYS for ch in text):
        return text
    return "".join(ch if ord(ch) in cmap or ch in _ALWAYS else REPLACEMENT for ch in text)


__all__ = ["FAMILY", "add_fonts", "chain", "covered", "font_path", "printable"]
