"""The copy sheet's typeface: Noto Sans TC (Traditional Chinese, Taiwan glyph forms, Latin included).

The font comes from the PyPI package ``pylopdf-fonts-zh-tw`` (a dependency in pyproject.toml), which
ships Noto Sans TC Regular 2.004 as a static OpenType (CFF) file under the SIL Open Font License 1.1:
nothing is assumed to be installed on the machine. fpdf2 embeds only the glyphs a sheet uses (a CFF
subset, a few dozen KB).

A character the font lacks (an emoji, a rare ideograph outside Big5 and Unicode's common blocks) would
print as an empty box; :func:`printable` replaces it with ``?`` so the sheet never shows a box, and the
JSON keeps the exact value.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FAMILY = "NotoSansTC"
REPLACEMENT = "?"
_ALWAYS = frozenset("\n\t ")


@cache
def font_path() -> Path:
    """The Noto Sans TC file of the installed font package."""
    from pylopdf_fonts_zh_tw import sans_path

    path = Path(sans_path())
    if not path.is_file():  # pragma: no cover - a broken installation
        raise FileNotFoundError(f"Noto Sans TC not found at {path}; reinstall the project (pip install -e .)")
    return path


@cache
def covered() -> frozenset[int]:
    """The code points the font has a glyph for."""
    from fontTools.ttLib import TTFont

    with TTFont(font_path(), lazy=True) as font:
        return frozenset(font.getBestCmap())


def printable(text: str) -> str:
    """``text`` with every character the font cannot draw replaced by ``?``."""
    cmap = covered()
    if all(ord(ch) in cmap or ch in _ALWAYS for ch in text):
        return text
    return "".join(ch if ord(ch) in cmap or ch in _ALWAYS else REPLACEMENT for ch in text)


__all__ = ["FAMILY", "covered", "font_path", "printable"]
