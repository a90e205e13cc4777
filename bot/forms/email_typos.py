"""Typos in the domain of an email address: ``maria@gmial.com`` → ``maria@gmail.com``.

A domain that is not a known provider but is one slip away from one (rapidfuzz's Levenshtein distance
of 1, or 2 for longer names, the top-level domain kept) is most likely mistyped; the rule offers the
corrected address as a one-tap suggestion. Known domains (with those of bot/data/email_providers.json), and
anything not close to a popular one, pass as typed.
"""

from __future__ import annotations

from bot.forms.facts import email_provider_groups

# Widely used mail domains (and their regional forms, so those are never "corrected").
KNOWN_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.com.tw", "yahoo.co.jp", "yahoo.co.uk", "yahoo.fr",
    "yahoo.de", "yahoo.co.in", "ymail.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de",
    "hotmail.it", "outlook.com", "outlook.jp", "outlook.de", "outlook.fr", "live.com", "live.co.uk",
    "live.fr", "live.de", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "protonmail.com",
    "proton.me", "gmx.com", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "web.de", "t-online.de", "mail.com",
    "mail.ru", "yandex.ru", "yandex.com", "naver.com", "daum.net", "hanmail.net", "kakao.com", "orange.fr",
    "free.fr", "wanadoo.fr", "laposte.net", "libero.it", "virgilio.it", "seznam.cz", "wp.pl", "o2.pl",
    "rediffmail.com", "zoho.com", "hinet.net", "ms1.hinet.net", "msa.hinet.net", "pchome.com.tw",
    "seed.net.tw",
})
POPULAR = ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "live.com", "aol.com",
           "protonmail.com", "yahoo.com.tw", "msa.hinet.net", "gmx.de", "web.de", "naver.com")


def corrected_domain(domain: str) -> str | None:
    """The popular domain ``domain`` was most likely meant to be, or None."""
    import rapidfuzz  # noqa: F401  the package first: imported from two threads at once, a subpackage first deadlocks
    from rapidfuzz.distance import Levenshtein  # loaded on the first address checked, not at start

    domain = domain.lower()
    if domain in KNOWN_DOMAINS or "." not in domain or any(group.matches(domain) for group in email_provider_groups()):
        return None  # a known provider (the mainland-China and encrypted ones get their own note)
    best: tuple[int, str] | None = None
    for popular in POPULAR:
        allowed = 1 if len(popular) < 9 else 2
        distance = Levenshtein.distance(domain, popular, score_cutoff=allowed)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, popular)
    return best[1] if best is not None else None


def corrected_address(address: str) -> str | None:
    """``address`` with its domain's typo fixed, or None when the domain looks right."""
    local, sep, domain = address.rpartition("@")
    fixed = corrected_domain(domain) if sep else None
    return f"{local}@{fixed}" if fixed else None
