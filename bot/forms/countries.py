"""Countries: any name in English or Chinese, ISO codes, aliases and typos → ISO 3166-1 alpha-2.

Names come from pycountry (ISO 3166) and Babel's CLDR territory names (English, Traditional
Chinese for Taiwan and Hong Kong, Simplified Chinese), shipped as the compact ``bot/data/country_names.json``
(made by ``tools/build_locale_tables.py``, kept equal to the installed packages by
tests/forms/test_locale_tables.py: Babel's four locales and pycountry's data would cost ~3 MiB), plus
``bot/data/countries.json`` for
aliases, demonyms and the way some places are shown (臺灣/Taiwan, 香港/Hong Kong, 澳門/Macau as their
own entries). Typos are matched with rapidfuzz and offered as suggestions, never silently taken:
nationality decides the applicant's identity (seed 001 STEP 8). Names are shown in the user's
language.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from bot.forms.chinese import is_han
from bot.forms.facts import DATA_DIR, country_facts, nationality_lists
from bot.forms.result import Accepted, Rejected, RuleContext, RuleResult, Suggestion
from bot.forms.rules import FieldRule
from bot.forms.text import prepare, snippet
from bot.i18n import Msg, _, is_chinese, render

EXTRA_CODES = ("XK",)  # Kosovo: CLDR's code, passports exist, not in ISO 3166-1
NAMES_PATH = DATA_DIR / "country_names.json"
COUNTRY_LOCALES = ("en", "zh_Hant_TW", "zh_Hant_HK", "zh_Hans")  # CLDR territory names matched, in this order
ISO_NAME_ATTRIBUTES = ("name", "official_name", "common_name")  # pycountry's names matched, in this order
MAX_SUGGESTIONS = 5
_SOURCES = ("seed 000 STEP 6 (國籍 drop-down)", "seed 001 STEP 14 (國籍, 出生地點(國家), 舊有或其他國籍)",
            "pycountry (ISO 3166-1) and Babel CLDR territory names", "bot/data/countries.json")


@dataclass(frozen=True)
class Country:
    code: str
    en: str
    zh: str

    def name(self, locale: str) -> str:
        return self.zh if is_chinese(locale) else self.en


@dataclass
class _Index:
    exact: dict[str, set[str]] = field(default_factory=dict)
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    key_codes: list[str] = field(default_factory=list)

    def add(self, name: str | None, code: str) -> None:
        key = normalize_key(name or "")
        if key:
            self.exact.setdefault(key, set()).add(code)
            self.keys.append(key)
            self.key_codes.append(code)


def normalize_key(text: str) -> str:
    """A comparable form of a country name: case-folded, accents and punctuation dropped."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’.]", "", text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    if any(is_han(ch) for ch in text):
        text = text.replace(" ", "")
    return text


@dataclass(frozen=True)
class _Names:
    """One row of ``country_names.json``: the alpha-3 code, the CLDR names (by :data:`COUNTRY_LOCALES`) and the
    ISO names (by :data:`ISO_NAME_ATTRIBUTES`), None where there is none."""

    alpha_3: str | None
    cldr: dict[str, str | None]
    iso: dict[str, str | None]


@cache
def _names() -> dict[str, _Names]:
    """Every ISO 3166-1 code and :data:`EXTRA_CODES`, sorted, with its names."""
    table = json.loads(NAMES_PATH.read_text(encoding="utf-8"))["countries"]
    cldr = len(COUNTRY_LOCALES)
    return {code: _Names(row[0], dict(zip(COUNTRY_LOCALES, row[1:1 + cldr], strict=True)),
                         dict(zip(ISO_NAME_ATTRIBUTES, row[1 + cldr:], strict=True)))
            for code, row in table.items()}


@cache
def _alpha_3() -> dict[str, str]:
    return {names.alpha_3: code for code, names in _names().items() if names.alpha_3}


@cache
def countries() -> dict[str, Country]:
    """Every country or territory by ISO alpha-2 code, with its English and Traditional Chinese name."""
    overrides = {entry.code: entry for entry in country_facts().display}
    result: dict[str, Country] = {}
    for code, names in _names().items():
        if code in overrides:
            result[code] = Country(code, overrides[code].en, overrides[code].zh)
            continue
        iso = names.iso
        en = names.cldr["en"] or (iso["common_name"] or iso["name"] if names.alpha_3 else None) or code
        result[code] = Country(code, en, names.cldr["zh_Hant_TW"] or en)
    return result


def country(code: str) -> Country | None:
    return countries().get(code.upper())


def country_name(code: str, locale: str) -> str:
    """The name of ``code`` in the user's language (the code itself if unknown)."""
    found = country(code)
    return found.name(locale) if found else code


@cache
def _index() -> _Index:
    index = _Index()
    names = _names()
    for code, item in countries().items():
        index.add(item.en, code)
        index.add(item.zh, code)
        for locale in COUNTRY_LOCALES:
            index.add(names[code].cldr[locale], code)
        for attribute in ISO_NAME_ATTRIBUTES:
            index.add(names[code].iso[attribute], code)
    facts = country_facts()
    for alias in facts.aliases:
        for name in alias.names:
            index.add(name, alias.code)
    for group in facts.ambiguous:
        for name in group.names:
            index.ambiguous[normalize_key(name)] = group.codes
    return index


@dataclass(frozen=True)
class Match:
    """What a typed country name resolved to: one code, or candidates to choose from."""

    code: str | None = None
    candidates: tuple[str, ...] = ()
    too_many: bool = False


def resolve(text: str) -> Match:
    """Resolve a cleaned country answer (name, alias, ISO alpha-2/alpha-3 code or near miss)."""
    index, key = _index(), normalize_key(text)
    if not key:
        return Match()
    if key in index.ambiguous:
        return Match(candidates=index.ambiguous[key])
    if key in index.exact:
        codes = sorted(index.exact[key])
        return Match(code=codes[0]) if len(codes) == 1 else Match(candidates=tuple(codes))
    upper = text.strip().upper()
    if re.fullmatch(r"[A-Z]{2}", upper) and upper in countries():
        return Match(code=upper)
    if re.fullmatch(r"[A-Z]{3}", upper) and (alpha_2 := _alpha_3().get(upper)) is not None:
        return Match(code=alpha_2)
    han = any(is_han(ch) for ch in key)
    if len(key) >= (2 if han else 4):
        pattern = re.compile(re.escape(key) if han else r"\b" + re.escape(key))
        found = sorted({code for k, code in zip(index.keys, index.key_codes, strict=True) if pattern.search(k)})
        if len(found) == 1:
            return Match(code=found[0])
        if 1 < len(found) <= MAX_SUGGESTIONS:
            return Match(candidates=tuple(found))
        if found:
            return Match(too_many=True)
    if len(key) < 3:
        return Match()
    scored: dict[str, float] = {}
    from rapidfuzz import fuzz, process  # here: loaded with the first country typed, not at start-up

    for _key, score, position in process.extract(key, index.keys, scorer=fuzz.WRatio, limit=30,
                                                 score_cutoff=80):
        code = index.key_codes[position]
        scored[code] = max(score, scored.get(code, 0.0))
    best = sorted(scored, key=lambda code: (-scored[code], code))[:MAX_SUGGESTIONS]
    return Match(candidates=tuple(best))


def _label(code: str, locale: str) -> Msg:
    return _("{name} ({code})", name=country_name(code, locale), code=code)


NoteMaker = Callable[[str, RuleContext], RuleResult | None]


def country_rule(name: str, *, summary: Msg, sources: tuple[str, ...] = _SOURCES,
                 extra: NoteMaker | None = None) -> FieldRule:
    """A country rule; ``extra`` may reject the resolved code or add notes (returns None to keep it)."""

    def check(raw: str, ctx: RuleContext) -> RuleResult:
        text = prepare(raw, 80)
        if isinstance(text, Rejected):
            return text
        match = resolve(text)
        if match.code is None:
            suggestions = tuple(Suggestion(code, _label(code, ctx.locale)) for code in match.candidates)
            if suggestions:
                options = "、".join if is_chinese(ctx.locale) else ", ".join
                return Rejected(_("Which one do you mean: {options}? Pick one, or type the name again.",
                                  options=options(render(s.label, ctx.locale) for s in suggestions)),
                                suggestions=suggestions)
            if match.too_many:
                return Rejected(_("{text} fits many countries. Please type more of the name.",
                                  text=snippet(text)))
            return Rejected(_("I do not know a country called {text}. Type its name in English or Chinese, "
                              "or its two-letter code, for example {example}.",
                              text=snippet(text), example=_("Germany or DE")))
        shown = render(_label(match.code, ctx.locale), ctx.locale)
        result = Accepted(match.code, shown=shown)
        if extra is not None and (changed := extra(match.code, ctx)) is not None:
            if isinstance(changed, Rejected):
                return changed
            result = Accepted(match.code, shown=shown, notes=changed.notes)
        return result

    return FieldRule(name=name, summary=summary, sources=sources, fn=check)


def _nationality_notes(code: str, ctx: RuleContext) -> RuleResult | None:
    notes: list[Msg] = []
    if code == "CN":
        notes.append(_("Citizens of mainland China cannot apply for the Gold Card. If you hold another "
                       "nationality, choose that one."))
    for group in nationality_lists():
        if code in group.codes:
            if group.key == "authentication":
                notes.append(_("For this nationality, documents must be authenticated by an ROC (Taiwan) "
                               "representative office."))
            elif group.key == "authentication_and_guarantor":
                notes.append(_("For this nationality, documents must be authenticated by an ROC (Taiwan) "
                               "representative office, and you need a guarantor in Taiwan."))
            else:
                notes.append(_("For this nationality you need a guarantor in Taiwan (for India: only holders "
                               "of an Identity Certificate)."))
    return Accepted(code, notes=tuple(notes)) if notes else None


HONG_KONG_MACAU = ("hong_kong", "macau")
HK_MACAU_OTHER_PASSPORT_FAQ = ("https://goldcard.nat.gov.tw/zh/faq/if-hong-kong-residents-hold-other-foreign-passport-s-"
                               "what-should-they-pay-attention-to-when-applying-for-a-gold-card/")  # seed 001 line 304
HK_MACAU_BORN_IN_MAINLAND_FAQ = ("https://goldcard.nat.gov.tw/zh/faq/what-documents-do-hong-kong-and-macao-applicants-"
                                 "born-in-mainland-china-need-to-attach/")  # seed 001 line 310


def _hong_kong_macau(ctx: RuleContext) -> bool:
    return ctx.answers.get("nationality_identity") in HONG_KONG_MACAU


def hk_macau_other_passport_note() -> Msg:
    """Seed 001 line 304 (research/domain.md §1.6): a resident with another foreign passport."""
    return _("Hong Kong and Macau residents who also hold another foreign passport (other than a BNO) and apply as "
             "residents must give up that foreign citizenship; with the foreign passport you would apply as a "
             "foreign national instead. Read the Gold Card Office's answer before you go on: {link}",
             link=HK_MACAU_OTHER_PASSPORT_FAQ)


def _birth_country_notes(code: str, ctx: RuleContext) -> RuleResult | None:
    if code != "CN":
        return None
    if _hong_kong_macau(ctx):  # the residents' documents, not the foreigners' four years abroad (seed 001 line 310)
        return Accepted(code, notes=(_("Hong Kong and Macau residents born in mainland China attach one of: a "
                                       "certificate of no mainland household registration verified by the SEF "
                                       "(海基會), a Home Return Permit (回鄉證), or an SEF-verified notarised "
                                       "cancellation of mainland household registration. See: {link}",
                                       link=HK_MACAU_BORN_IN_MAINLAND_FAQ),))
    return Accepted(code, notes=(_("Applicants born in mainland China upload extra documents: proof of 4 "
                                   "years abroad and of no mainland household registration."),))


def _other_nationality(code: str, ctx: RuleContext) -> RuleResult | None:
    if code == ctx.answers.get("nationality"):
        return Rejected(_("That is the same as your nationality. Give a former or other nationality here, or "
                          "skip this box if you have none."))
    if _hong_kong_macau(ctx) and code not in ("HK", "MO", "CN", "TW"):
        found = _nationality_notes(code, ctx)
        earlier = found.notes if isinstance(found, Accepted) else ()
        return Accepted(code, notes=(hk_macau_other_passport_note(), *earlier))
    return _nationality_notes(code, ctx)


nationality = country_rule(
    "nationality",
    summary=_("Any country by English or Chinese name, code, alias or near miss (confirmed), stored as ISO "
              "alpha-2; notes for nationalities needing authentication or a guarantor."),
    sources=(*_SOURCES, "https://goldcard.nat.gov.tw/en/apply/step-2/upload-document"),
    extra=_nationality_notes,
)
birth_country = country_rule(
    "birth_country",
    summary=_("A country as for nationality; a note when born in mainland China (extra documents)."),
    sources=(*_SOURCES, "https://goldcard.nat.gov.tw/en/apply/step-2/upload-document/"),
    extra=_birth_country_notes,
)
other_nationality = country_rule(
    "other_nationality",
    summary=_("A country as for nationality, different from the nationality given."),
    extra=_other_nationality,
)
