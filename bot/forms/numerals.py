"""Chinese numerals in a Taiwan address turned into Arabic ones: 二一六巷五號 → 216巷5號.

Only numbers right before a lane, alley, number, floor or neighbourhood unit (巷 弄 號 樓 鄰, and 之 as in
5之1號) are converted: 段 keeps its Chinese numeral (中山北路二段 is how the post writes it) and place
names keep theirs (三重區, 八德區, 十分).
"""

from __future__ import annotations

import re

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
POWERS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = re.compile(r"[〇零一二兩三四五六七八九十百千]+(?=[巷弄號樓鄰之])")


def chinese_number(text: str) -> int | None:
    """``二一六`` (digit by digit) or ``二百一十六`` (with 十 百 千) as an integer; None when it is neither."""
    if not text:
        return None
    if all(ch in DIGITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in POWERS:
            total += (1 if digit is None else digit) * POWERS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def arabic_address(text: str) -> str | None:
    """``text`` with the numbers before 巷 弄 號 樓 鄰 之 in Arabic numerals, or None when there are none."""
    def replace(match: re.Match[str]) -> str:
        number = chinese_number(match.group(0))
        return str(number) if number is not None else match.group(0)

    fixed = _NUMBER.sub(replace, text)
    return fixed if fixed != text else None
