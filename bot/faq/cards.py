"""Answer cards: one FAQ entry ready to show, in one language, with its sources and verified date.

The same card serves the chat (``card.parts`` → ``Reply.of(*card.parts)``), Telegram inline mode
(``title``, ``description``, ``text(HTML)`` as the message, ``url``) and the CLI (``text()``).

A card is fixed to the language it was made for (the language of the question, usually), whatever
the reader's interface language: its parts are pre-rendered, so a door that renders them in another
locale still shows one consistent card. Source URLs are plain text, which Telegram makes tappable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.faq.models import Confidence, FaqEntry
from bot.i18n import PLAIN, Bold, Markup, Msg, _, is_chinese, ngettext, render, verbatim

MAX_URLS = 3
DESCRIPTION_LENGTH = 110  # inline result descriptions show two short lines on a phone
SENTENCE_END = re.compile(r"(?<=[.?!])\s|(?<=[。？！])")

CONFIDENCE_NOTES: dict[Confidence, Msg] = {
    Confidence.OFFICIAL: _("official source"),
    Confidence.SECONDARY: _("secondary source (news or card holders), not an official page"),
    Confidence.UNCONFIRMED: _("not confirmed: please check with the Gold Card Office"),
}


@dataclass(frozen=True)
class AnswerCard:
    """An entry as shown to a reader of ``locale``."""

    entry_id: str
    locale: str
    title: str  # the question
    answer: str
    description: str  # the answer's opening, for inline results and previews
    urls: tuple[str, ...]
    sources_line: str  # "Sources: https://… https://…"
    verified_line: str  # "Last verified: 2026-11-21 · official source"

    @property
    def url(self) -> str:
        """The first source URL (for an inline result's link or a "Source" button)."""
        return self.urls[0]

    @property
    def inline_id(self) -> str:
        """A stable inline-query result id (at most 64 bytes, as Telegram requires)."""
        return f"faq:{self.entry_id}:{self.locale}"

    @property
    def parts(self) -> tuple[Msg, ...]:
        """The card as message parts: bold question, answer, sources, verified date."""
        return (Msg("{text}", {"text": Bold(self.title)}), verbatim(self.answer), verbatim(self.sources_line),
                verbatim(self.verified_line))

    def text(self, markup: Markup = PLAIN) -> str:
        """The whole card as one message (HTML for Telegram with ``bot.i18n.HTML``)."""
        return "\n\n".join(render(part, self.locale, markup) for part in self.parts)

    def short_title(self, limit: int = 60) -> str:
        """The question cut to ``limit`` characters, for a button label."""
        return _shorten(self.title, limit)


def answer_card(entry: FaqEntry, locale: str) -> AnswerCard:
    """The card of ``entry`` in ``locale`` (zh_TW, otherwise English)."""
    locale = "zh_TW" if is_chinese(locale) else "en"
    urls = tuple(entry.urls()[:MAX_URLS])
    label = render(ngettext("Source:", "Sources:", len(urls)), locale)
    sources_line = f"{label} {urls[0]}" if len(urls) == 1 else "\n".join((label, *urls))
    note = render(CONFIDENCE_NOTES[entry.confidence], locale)
    verified = render(_("Last verified: {date} · {confidence}", date=entry.last_verified, confidence=note), locale)
    answer = entry.answer(locale)
    return AnswerCard(
        entry_id=entry.id,
        locale=locale,
        title=entry.question(locale),
        answer=answer,
        description=_opening(answer),
        urls=urls,
        sources_line=sources_line,
        verified_line=verified,
    )


def _opening(answer: str, enough: int = 40) -> str:
    """The first sentences of an answer, enough to say something, cut to :data:`DESCRIPTION_LENGTH`."""
    opening = ""
    for sentence in SENTENCE_END.split(answer):
        opening = f"{opening} {sentence}".strip() if opening and not _is_chinese(sentence) else opening + sentence
        if len(opening) >= enough:
            break
    return _shorten(opening, DESCRIPTION_LENGTH)


def _is_chinese(text: str) -> bool:
    return bool(re.search(r"[\u3400-\u9fff]", text[:1]))


def _shorten(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut and not re.search(r"[\u3400-\u9fff]", cut[-10:]):
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
