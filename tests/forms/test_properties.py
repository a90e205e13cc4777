"""Property tests: no input, however hostile, crashes a rule or yields an untranslated message."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.forms.draft import ApplicationDraft, DraftShapeError, load_draft
from bot.forms.result import Accepted, Rejected
from bot.forms.rules import FieldRule
from bot.forms.sections import SECTIONS
from tests.forms.helpers import TODAY, ctx, untranslated
from tests.forms.test_rule_examples import RULES

HOSTILE = [
    "\x00", "\x1b[31m", "\u200f", "\u202e", "\u2066", "\ufeff", "\u200b", "\u00a0", "\u3000", "\r\n", "\t", "👩‍👩‍👧",
    "🇹🇼", "\u0301", "Ａ１", "０９", "台北市", "中正区", "﷽", "𠀀", "\ud800", "'; DROP TABLE x; --", "{name}", "{0}",
    "%s", "<b>", "&amp;", "..", "@", "+", "-", "年", "民國", "ext", "\U0010ffff",
]
hostile_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec=None, categories=None), max_size=80),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=5)), max_size=12).map("".join),
)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=True)
if __import__("os").environ.get("FORMS_FUZZ"):
    FAST = settings(max_examples=int(__import__("os").environ["FORMS_FUZZ"]), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _check(rule: FieldRule, raw: str, locale: str) -> None:
    result = rule.fn(raw, ctx(locale))
    assert isinstance(result, Accepted | Rejected)
    if isinstance(result, Rejected):
        assert untranslated(result.message) == []
        for suggestion in result.suggestions:
            assert isinstance(suggestion.value, str) and suggestion.value
            assert untranslated(suggestion.label) == []
    else:
        json.dumps(result.value)
        for note in result.notes:
            assert untranslated(note) == []


@pytest.mark.parametrize("name", sorted(RULES))
@FAST
@given(raw=hostile_text, locale=st.sampled_from(["en", "zh_TW"]))
def test_no_input_crashes_a_rule(name: str, raw: str, locale: str) -> None:
    _check(RULES[name], raw, locale)


@pytest.mark.parametrize("name", sorted(RULES))
@FAST
@given(raw=hostile_text)
def test_accepted_values_are_stable(name: str, raw: str) -> None:
    """Whatever a rule accepts, it accepts again unchanged when it is stored (drafts are re-checked)."""
    rule = RULES[name]
    first = rule.fn(raw, ctx())
    if isinstance(first, Accepted):
        stored = first.value if isinstance(first.value, str) else ("yes" if first.value else "no")
        again = rule.fn(stored, ctx())
        assert isinstance(again, Accepted) and again.value == first.value, (raw, first, again)


@pytest.mark.parametrize("name", sorted(RULES))
def test_ten_megabytes_are_refused_quickly(name: str) -> None:
    rule = RULES[name]
    for raw in ("a" * 10_000_000, "台" * 3_000_000, "\x00" * 10_000_000, " " * 10_000_000):
        started = time.perf_counter()
        result = rule.fn(raw, ctx("zh_TW"))
        assert time.perf_counter() - started < 0.5
        assert isinstance(result, Rejected)
        assert untranslated(result.message) == []


def _section_values(draw: Any, section_key: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    model = next(item for item in SECTIONS if item.key == section_key).model
    for key, info in model.model_fields.items():
        if info.annotation in (str | None,):
            values[key] = draw(st.one_of(st.none(), hostile_text))
    return values


@FAST
@given(data=st.data())
def test_a_draft_full_of_hostile_text_never_crashes_the_checker(data: st.DataObject) -> None:
    payload = {item.key: _section_values(data.draw, item.key) for item in SECTIONS if item.key != "opening"}
    draft = ApplicationDraft.model_validate(payload)
    for locale in ("en", "zh_TW"):
        for problem in draft.problems(TODAY, locale):
            assert untranslated(problem.message) == []
            assert untranslated(problem.en) == []


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
                           max_leaves=12)


@FAST
@given(payload=st.one_of(json_values, st.dictionaries(st.sampled_from([item.key for item in SECTIONS]), json_values)))
def test_loading_any_json_gives_a_draft_or_a_shape_error(payload: Any) -> None:
    try:
        text = json.dumps(payload)
    except ValueError:
        return
    try:
        draft = load_draft(text)
    except DraftShapeError:
        return
    draft.problems(TODAY)
