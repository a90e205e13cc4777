"""Fixtures of the document tests: the generated corpus (built once per session) and language helpers."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest

from bot.i18n import Msg, render
from bot.i18n_catalogs import simplified_characters
from tests.documents import corpus as corpus_module
from tests.documents.corpus import Corpus

_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return corpus_module.build()


def english(messages: Iterable[Msg]) -> str:
    return "\n".join(render(message, "en") for message in messages)


def chinese(messages: Iterable[Msg]) -> str:
    """The messages in Traditional Chinese, checked to really be Chinese (and never Simplified)."""
    messages = list(messages)
    text = "\n".join(render(message, "zh_TW") for message in messages)
    for message in messages:
        rendered = render(message, "zh_TW")
        assert len(_CJK.findall(rendered)) >= 2, f"not translated: {rendered!r}"
        assert rendered != render(message, "en")
    assert not simplified_characters(text), text
    return text
