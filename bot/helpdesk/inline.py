"""Inline mode: ``@botname query`` in any chat offers answer cards, in the language of the query, each with
its source link. Stateless: nothing is stored and the query is never logged."""

from __future__ import annotations

from dataclasses import dataclass

from bot.faq.cards import answer_card
from bot.faq.search import search
from bot.i18n import HTML, _, normalize_locale, render

MAX_RESULTS = 5
MIN_QUERY = 2  # characters


@dataclass(frozen=True)
class InlineArticle:
    """One inline result, library-neutral: the door turns it into an InlineQueryResultArticle."""

    id: str  # ≤ 64 bytes
    title: str
    description: str
    html: str  # the message sent when picked (HTML parse mode)
    url: str  # the answer's first source
    url_label: str  # the label of the source button under the message


def inline_articles(query: str, language_code: str | None = None, limit: int = MAX_RESULTS) -> list[InlineArticle]:
    """The answer cards for an inline query (none for an empty or one-character query)."""
    if len(query.strip()) < MIN_QUERY:
        return []
    fallback = normalize_locale(language_code) or "en"
    articles = []
    for hit in search(query, limit=limit, fallback_locale=fallback):
        card = answer_card(hit.entry, hit.locale)
        articles.append(InlineArticle(id=card.inline_id, title=card.title, description=card.description,
                                      html=card.text(HTML), url=card.url,
                                      url_label=render(_("🔗 Source"), card.locale)))
    return articles
