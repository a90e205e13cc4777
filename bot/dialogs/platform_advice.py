"""Advice shown before every step on the platform (registration, the application, data change, supplement,
payment): the Gold Card Office's browser note, verbatim in each tutorial.

Seed 001 line 28, seed 002 line 39, seed 003 line 21: 「建議使用 Google Chrome 或 Firefox 瀏覽器，儘量避免使用
Safari 瀏覽器且不要透過 VPN 連線至平臺。」 (use Chrome or Firefox, avoid Safari, no VPN).
"""

from __future__ import annotations

from bot.i18n import _

BROWSER_ADVICE = _("🌐 Before you log in: use Google Chrome or Firefox, avoid Safari, and do not connect through "
                   "a VPN (建議使用 Google Chrome 或 Firefox 瀏覽器，儘量避免使用 Safari 瀏覽器且不要透過 "
                   "VPN 連線至平臺).")
