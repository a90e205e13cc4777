"""The faq area: the help-desk knowledge base and its bilingual search.

Modules (import what you need; this package itself imports nothing, so the CLI stays light):

* ``bot.faq.models``: ``FaqEntry``, ``Source``, ``Confidence``, ``KnowledgeBase`` (pydantic-validated data).
* ``bot.faq.store``: ``default_knowledge_base()`` loads ``bot/data/faq/*.json`` once.
* ``bot.faq.search``: ``search(query, locale=None, limit=3) -> list[Hit]``; an empty list means "offer a person".
* ``bot.faq.cards``: ``answer_card(entry, locale)`` for chat replies, inline results and the CLI.
* ``bot.faq.index``, ``bot.faq.text``, ``bot.faq.synonyms``: how search works (features, scoring, tuning).
* ``bot.faq.commands``: ``goldcard-bot faq search|list|show``.
"""
