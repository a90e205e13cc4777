"""The question counter of a prompt ("question 6 of 8"): honest, and never jumping back while one goes forward.

The position is not the question's index among the questions shown now: an answer that shows or hides
questions *before* it would move the index ("5 of 6" → "6 of 8" → "6 of 6"). It counts answers instead:

    position = 1 + the shown questions answered                  (a question still to answer)
             = 1 + the shown questions before it that are answered  (an answered one, after Back or Change)
    total    = the shown questions (answered or still to answer)

Going forward every answer adds one, so the position grows by exactly one per question, whatever ``show_if``
adds or removes; the total grows when an answer opens questions and shrinks when it closes some, which is
what the applicant has left to do (a question that appears before answered ones is still counted after them).
After Back the position is that of the earlier question again.

    position, total = question_counter(flow, question, answers)
"""

from __future__ import annotations

from bot.engine.flow import Answers, Flow, Question


def question_counter(flow: Flow, question: Question, answers: Answers) -> tuple[int, int]:
    """(position, total) for asking ``question`` of ``flow`` given the ``answers`` so far."""
    shown = flow.visible(answers)
    keys = [q.key for q in shown]
    counted = shown[:keys.index(question.key)] if question.key in answers and question.key in keys else shown
    position = 1 + sum(1 for q in counted if q.key in answers and q.key != question.key)
    total = max(len(shown), position)
    return position, total
