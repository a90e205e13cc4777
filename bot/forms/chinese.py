"""Chinese-script helpers: which characters are Han, which are Simplified, and their Traditional form.

Simplified characters are found with OpenCC's ``s2tw`` (Simplified to Taiwan standard), keeping the
characters that are everyday Traditional Chinese in Taiwan too (台, 里, 群, 秘, 雇 as in the platform's
雇主提出申請 ...); the Traditional form offered keeps them as well, so 台北市 stays 台北市 and 仁愛里
stays 仁愛里. The catalog check (:mod:`bot.i18n_catalogs`) uses the same test.
"""

from __future__ import annotations

from functools import cache

__all__ = ["is_han", "simplified_characters", "to_traditional"]

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
def _s2tw():  # type: ignore[no-untyped-def]
    import opencc  # lazily: loading the dictionaries takes a moment

    return opencc.OpenCC("s2tw")


def simplified_characters(text: str) -> list[str]:
    """The characters of ``text`` that are Simplified Chinese (not used in Taiwan)."""
    converter = _s2tw()
    return [ch for ch in text if is_han(ch) and ch not in KEEP and converter.convert(ch) != ch]


def to_traditional(text: str) -> str:
    """``text`` with Simplified characters converted to Taiwan's Traditional characters."""
    converted: str = _s2tw().convert(text)
    if len(converted) != len(text):  # OpenCC maps character for character; be safe anyway
        return converted
    return "".join(
        old if old in KEEP else new for old, new in zip(text, converted, strict=True)
    )
