"""The qualification check before the field tab: a short walk that proposes a field and a regulation.

The shape of the official Qualification Check (research/domain.md §8), with the statements as data
(``bot/data/qualification.json``, matched by :mod:`bot.forms.qualification`):

1. the salary route most fields share (yes / no / check an amount with the arithmetic of
   :mod:`bot.forms.salary`);
2. the field the applicant works in, stored as ``professional_field`` so the field tab offers it with
   one tap;
3. that field's statements as yes/no questions, easiest to document first. Only one field and one
   regulation can be filed, so the walk stops at the first Yes: that route is the proposal;
4. a summary with the proposed field and regulation, why, its documents, the one-route rule
   (Architecture: all conditions together), the note and official link of unconfirmed criteria, or a
   kind fallback to the official Qualification Check and the help desk when nothing fits.

Texts of the statements, notes and links are data in both languages; the few interface strings are the
gettext domain ``qualification``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.engine.flow import Answers, Choice, Flow, InputKind, Question
from bot.forms import salary
from bot.forms.choices import options_of
from bot.forms.facts import professional_fields
from bot.forms.qualification import (
    FIELD,
    SALARY_KEYS,
    SALARY_ROUTE,
    Proposal,
    Statement,
    fields_by_value,
    propose,
    qualification_facts,
    salary_assessment,
    salary_met,
    statement_shown,
)
from bot.forms.result import Accepted, Rejected, Rule, RuleContext, RuleResult
from bot.forms.spec import field_specs
from bot.i18n import Msg, _, localized

FACTS = qualification_facts()
FIELDS = fields_by_value()
SPECS = dict(field_specs(salary.SalaryClaim))


def documents(keys: Iterable[str]) -> Msg:
    """Document names joined in the reader's language."""
    names = [next(d for d in FACTS.documents if d.key == key) for key in keys]
    return localized(", ".join(n.en for n in names), "、".join(n.zh for n in names))


def field_name(value: str) -> Msg:
    field = FIELDS[value]
    return localized(field.en, field.zh)


def proof(keys: tuple[str, ...], one_of: tuple[str, ...]) -> Msg:
    if one_of:
        return _("You would prove it with: {documents}; and one of: {alternatives}.",
                 documents=documents(keys), alternatives=documents(one_of))
    return _("You would prove it with: {documents}.", documents=documents(keys))


# -- 1. the salary route -----------------------------------------------------------------------------


def _checking(answers: Answers) -> bool:
    return answers.get(SALARY_ROUTE) == "check"


def _salary_context(ctx: RuleContext) -> RuleContext:
    """The shared salary rules read ``currency`` and ``period``; here they are ``salary_currency`` ..."""
    answers = dict(ctx.answers)
    answers.update({name: ctx.answers.get(key) for name, key in SALARY_KEYS.items()})
    return RuleContext(today=ctx.today, answers=answers, locale=ctx.locale)


def _salary_rule(rule: Rule) -> Rule:
    def check(raw: str, ctx: RuleContext) -> RuleResult:
        return rule(raw, _salary_context(ctx))

    return check


def _earned_in(raw: str, ctx: RuleContext) -> RuleResult:
    """When the salary was paid; once known, the whole check with its arithmetic."""
    result = salary.earned_in_rule(raw, _salary_context(ctx))
    if isinstance(result, Rejected):
        return result
    answers = {**ctx.answers, SALARY_KEYS["earned_in"]: result.value}
    assessment = salary_assessment(answers, ctx.today)
    if assessment is None:
        return result
    verdict = (_("Your salary meets the criterion.") if assessment.meets
               else _("This salary does not meet the criterion; other routes may still fit."))
    return Accepted(result.value, shown=result.shown, notes=(*result.notes, assessment.explanation, verdict))


def _salary_question(key: str, prompt: Msg, rule: Rule | None = None, kind: InputKind = InputKind.TEXT,
                     choices: tuple[Choice, ...] = (),
                     show_if: Callable[[Answers], bool] = _checking) -> Question:
    spec = SPECS[next(name for name, k in SALARY_KEYS.items() if k == key)]
    return Question(key=key, prompt=prompt, kind=kind, title=spec.en, rule=rule, choices=choices,
                    show_if=show_if)


SALARY_QUESTIONS = (
    Question(
        key=SALARY_ROUTE, kind=InputKind.CHOICE, title=_("Salary route"),
        prompt=_("First, the route most fields share. Is this true for you?\n«{statement}»",
                 statement=FACTS.salary.statement),
        hint=FACTS.salary.notes,
        choices=(
            Choice("yes", _("Yes"), note=proof(FACTS.salary.documents, FACTS.salary.one_of)),
            Choice("no", _("No")),
            Choice("check", _("Not sure: check an amount")),
        ),
    ),
    _salary_question(
        SALARY_KEYS["amount"], _("How much was it? Type the amount as it appears on your tax or employment "
                                 "document, for example 160000 or 5,000."),
        rule=_salary_rule(salary.salary_amount)),
    _salary_question(
        SALARY_KEYS["currency"], _("In which currency? For example NT$, USD, EUR or 美金."),
        rule=_salary_rule(salary.currency_rule)),
    _salary_question(
        SALARY_KEYS["period"], _("Is that a monthly or an annual amount?"), kind=InputKind.CHOICE,
        choices=tuple(Choice(option.value, localized(option.en, option.zh))
                      for option in options_of("salary_period")())),
    _salary_question(
        SALARY_KEYS["rate_to_twd"], _("How many NT$ is one unit of that currency worth? Use the Bank of Taiwan "
                                      "cash buying rate of the time you were paid, for example 31.5 for US$."),
        rule=_salary_rule(salary.exchange_rate),
        show_if=lambda a: _checking(a) and a.get(SALARY_KEYS["currency"]) not in (None, "TWD")),
    _salary_question(
        SALARY_KEYS["earned_in"], _("When was it paid? Type the month as YYYY-MM, for example 2026-06; for an "
                                    "annual amount the year is enough."),
        rule=_earned_in),
)

# -- 2. the field ------------------------------------------------------------------------------------

FIELD_QUESTION = Question(
    key=FIELD, kind=InputKind.CHOICE, title=_("Field of work"),
    prompt=_("Which field do you work in? I will then ask about that field's routes."),
    hint=FACTS.field_hint.text,
    choices=(
        *(Choice(field.value, localized(field.en, field.zh), note=_(
            "I will now ask about the routes of {field}, easiest to document first. Answer Yes to the first one "
            "that is true and that you can prove: only one can be filed, so I stop there.",
            field=localized(field.en, field.zh))) for field in professional_fields()),
        Choice(None, _("None of these, or not sure")),
    ),
)

# -- 3. the field's statements -----------------------------------------------------------------------


def statement_title(statement: Statement) -> Msg:
    label = statement.route_label(FIELDS)
    if statement.regulation is None:
        return label
    return _("{route}: {short}", route=label, short=statement.short)


def statement_hint(statement: Statement) -> Msg:
    parts: list[Msg] = []
    if statement.notes is not None:
        parts.append(statement.notes)
    if statement.unconfirmed:
        parts.append(_("Read the criteria on the official site first: {link}", link=statement.link))
    parts.append(proof(statement.documents, statement.one_of))
    return _lines(parts)


def _lines(parts: list[Msg]) -> Msg:
    if len(parts) == 1:
        return parts[0]
    return _("{first}\n{rest}", first=parts[0], rest=_lines(parts[1:]))


def statement_question(statement: Statement) -> Question:
    return Question(
        key=statement.id, kind=InputKind.YES_NO, title=statement_title(statement), prompt=statement.statement,
        hint=statement_hint(statement), show_if=lambda answers: statement_shown(statement, answers),
    )


STATEMENT_QUESTIONS = tuple(statement_question(statement) for statement in FACTS.statements)

# -- 4. the summary ----------------------------------------------------------------------------------


def proposal_parts(proposal: Proposal) -> list[Msg]:
    parts: list[Msg] = [
        _("You may qualify under {route}, because you answered Yes to:", route=proposal.label),
        *(_("• {reason}", reason=reason) for reason in proposal.reasons),
        proof(proposal.documents, proposal.one_of),
    ]
    if proposal.statement.notes is not None:
        parts.append(proposal.statement.notes)
    if proposal.unconfirmed:
        parts.append(_("These criteria could not be confirmed: read them on the official site before you rely on "
                       "them: {link}", link=proposal.statement.link))
    elif proposal.statement.confidence == "OFFICIAL":
        parts.append(_("Official text: {link}", link=proposal.statement.link))
    else:
        parts.append(_("Source (a copy, not the official page): {link}. Check the official text before you file: "
                       "{official}", link=proposal.statement.link, official=FACTS.official_check.url))
    if proposal.guide.notes is not None:
        parts.append(proposal.guide.notes)
    return parts


def fallback_parts(answers: Answers) -> list[Msg]:
    parts: list[Msg] = []
    field = answers.get(FIELD)
    if field in FIELDS:
        guide = FACTS.guide(field)
        if salary_met(answers) and not any(s.salary for s in FACTS.routes_of(field)):
            parts.append(_("{field} has no salary route as far as the bot knows.", field=field_name(field)))
        if not FIELDS[field].criteria_confirmed or guide.confidence == "UNCONFIRMED":
            link = guide.link if guide.confidence == "OFFICIAL" else FACTS.official_check.url
            parts.append(_("The criteria of {field} could not be confirmed: read them on the official site: "
                           "{link}", field=field_name(field), link=link))
            if guide.notes is None:
                parts += [route.notes for route in FACTS.routes_of(field) if route.unconfirmed and route.notes]
        for statement in FACTS.statements_of(field):
            if statement.kind == "condition" and answers.get(statement.id) is False:
                parts.append(_("Every route of {field} requires: «{condition}»", field=field_name(field),
                               condition=statement.statement))
        if guide.notes is not None:
            parts.append(guide.notes)
    parts += [
        _("From your answers I could not find a route that fits. That does not mean you cannot get a Gold Card: "
          "the criteria are detailed, and these short statements may miss the one that fits you."),
        _("Try the official Qualification Check: {link}", link=FACTS.official_check.url),
        _("Or ask {help_desk}: {link}", help_desk=FACTS.help_desk.text, link=FACTS.help_desk.url),
        FACTS.other_fields.text,
    ]
    return parts


def summary(answers: Answers) -> tuple[Msg, ...]:
    proposals = propose(answers)
    if not proposals:
        return tuple(fallback_parts(answers))
    best, others = proposals[0], proposals[1:]
    parts = proposal_parts(best)
    if others:
        parts.append(_("Other routes that fit: {routes}", routes=_joined(p.label for p in others)))
    parts.append(_("Only one field and one regulation can be filed: choose the one you have the best documents "
                   "for. Architecture is the exception: there all of its conditions must be met together."))
    return tuple(parts)


def _joined(labels: Iterable[Msg]) -> Msg:
    items = list(labels)
    if len(items) == 1:
        return items[0]
    return _("{first}; {rest}", first=items[0], rest=_joined(items[1:]))


def done(answers: Answers) -> tuple[Msg, ...]:
    proposals = propose(answers)
    if not proposals:
        return (_("Saved. Please try the official Qualification Check before you choose a field: {link}",
                  link=FACTS.official_check.url),)
    best = proposals[0]
    return (_("Saved: {route}. The field tab (領域專長) offers {field}, and the document checklist uses this "
              "route.", route=best.label, field=field_name(best.field_value)),)


QUESTIONS: tuple[Question, ...] = (*SALARY_QUESTIONS, FIELD_QUESTION, *STATEMENT_QUESTIONS)

QUALIFICATION = Flow(
    name="qualification",
    title=_("Qualification check"),
    questions=QUESTIONS,
    summary=summary,
    confirm=_("Please check the answers above: you can change any of them before you confirm."),
    done=done,
    personal=False,
)
