"""The forms catalog is complete: every msgid translated, placeholders kept, no Simplified characters."""

from __future__ import annotations

from bot.i18n_catalogs import check


def test_forms_catalog_has_no_problem() -> None:
    problems = [str(problem) for problem in check() if problem.domain == "forms"]
    assert problems == []
