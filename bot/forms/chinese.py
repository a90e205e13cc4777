"""Chinese-script helpers: which characters are Han, which are Simplified, and their Traditional form.

Simplified characters are found with a compact character table (``s2tw.txt`` beside this module: OpenCC's
``s2tw``, Simplified to Taiwan standard, character by character, made by ``tools/build_s2tw_table.py``; a
few hundred KB in memory where OpenCC's phrase dictionaries took 12 MB), keeping the characters that are
everyday Traditional Chinese in Taiwan too (台, 里, 群, 秘, 雇 as in the platform's 雇主提出申請 ...); the
Traditional form offered keeps them as well, so 台北市 stays 台北市 and 仁愛里 stays 仁愛里. The form is
each character's first Traditional reading (王丽华 → 王麗華); words whose character has several readings
(头发 → 頭發, not 頭髮) are not told apart: the bot offers the form, the applicant decides. The catalog
check (:mod:`bot.i18n_catalogs`) uses the same test.
"""

from __future__ import annotations

from collections import ChainMap
from functools import cache
from pathlib import Path

__all__ = ["is_han", "simplified_characters", "simplified_to_traditional", "to_traditional"]

TABLE_PATH = Path(__file__).with_name("s2tw.txt")

# Standard in Taiwan although OpenCC maps them to another character (托 → 託 as in 托兒所, 托巴哥).
KEEP = frozenset("台后干于余里才只准制系范冲面志周松游云雇岳托群秘峰")

# CJK Unified Ideographs with extensions A-I and the compatibility blocks.
_HAN_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2EE5F),
    (0x2F800, 0x2FA1F),
    (0x30000, 0x323AF),
)


def is_han(ch: str) -> bool:
    """True for a Chinese character (ideograph), False for kana, Bopomofo, punctuation ..."""
    code = ord(ch)
    return ch == "〇" or any(low <= code <= high for low, high in _HAN_RANGES)


@cache
def simplified_to_traditional() -> dict[int, int]:
    """The whole table (for ``str.translate``: code point → code point), the kept characters included: FAQ search
    folds them too."""
    _, simplified, traditional, _kept = TABLE_PATH.read_text(encoding="utf-8").split("\n", 3)
    return {ord(old): ord(new) for old, new in zip(simplified, traditional, strict=True)}


@cache
def _taiwan_table() -> ChainMap[int, int]:
    """The table with the characters Taiwan uses as they are (:data:`KEEP`) mapped to themselves: a view over
    the whole table, not a second copy of it."""
    return ChainMap({ord(ch): ord(ch) for ch in KEEP}, simplified_to_traditional())


def simplified_characters(text: str) -> list[str]:
    """The characters of ``text`` that are Simplified Chinese (not used in Taiwan)."""
    table = simplified_to_traditional()
    return [ch for ch in text if ord(ch) in table and ch not in KEEP]


def readings(text: str) -> tuple[str, ...]:
    """``text`` as typed, and in Traditional characters when it has Simplified ones: what a typed word is
    compared by (工程师 matches 工程師)."""
    traditional = to_traditional(text)
    return (text,) if traditional == text else (text, traditional)


def to_traditional(text: str) -> str:
    """``text`` with Simplified characters converted to Taiwan's Traditional characters."""
    if KEEP.isdisjoint(text):
        return text.translate(simplified_to_traditional())
    return text.translate(_taiwan_table())
