"""Guided flows before and after the application (platform.md §1, §3-§5), each a module of its own:
account registration, 完成送出 (case number and payment), supplement (questions, then its files screen),
after approval (card pickup and extension), change of card data, Taiwan Jobs membership.

:func:`journey_flows` lists them in menu order; ``bot/dialogs/__init__.py`` adds them to ``FLOWS``. Their
texts are the ``flows`` translation domain (bot/locales/*/LC_MESSAGES/flows.po).
"""

from __future__ import annotations

from bot.engine.flow import Flow


def journey_flows() -> tuple[Flow, ...]:
    """The flows in menu order: registration first, then what follows the application."""
    from bot.dialogs.after_approval import AFTER_APPROVAL
    from bot.dialogs.data_change import DATA_CHANGE
    from bot.dialogs.registration import REGISTRATION
    from bot.dialogs.submission import SUBMISSION
    from bot.dialogs.supplement import SUPPLEMENT
    from bot.dialogs.supplement_files import SUPPLEMENT_FILES
    from bot.dialogs.taiwan_jobs import TAIWAN_JOBS

    return (REGISTRATION, SUBMISSION, SUPPLEMENT, SUPPLEMENT_FILES, AFTER_APPROVAL, DATA_CHANGE, TAIWAN_JOBS)
