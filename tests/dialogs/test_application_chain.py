"""The application chain is declared once (``APPLICATION_CHAIN``) and every flow's ``next_flow`` follows it."""

from __future__ import annotations

from bot.dialogs import APPLICATION_CHAIN, FLOWS
from bot.forms.sections import PlatformForm, sections_of


def test_walking_next_flow_from_the_opening_questions_visits_the_chain_in_order() -> None:
    walked = ["opening"]
    while (following := FLOWS[walked[-1]].next_flow) is not None:
        walked.append(following)
    assert tuple(walked) == APPLICATION_CHAIN
    assert APPLICATION_CHAIN[-1] == "documents"  # the last tab leads to the review card, not to another flow


def test_the_chain_lists_every_flow_of_the_application_once() -> None:
    assert len(set(APPLICATION_CHAIN)) == len(APPLICATION_CHAIN)
    assert set(APPLICATION_CHAIN) <= set(FLOWS)
    tabs = {name for name, flow in FLOWS.items() if flow.part_of == "application"}
    assert tabs <= set(APPLICATION_CHAIN), tabs - set(APPLICATION_CHAIN)


def test_flows_outside_the_chain_keep_their_own_next_flow() -> None:
    assert FLOWS["supplement"].next_flow == "supplement_files"
    assert all(flow.next_flow is None for name, flow in FLOWS.items()
               if name not in APPLICATION_CHAIN and name != "supplement")


def test_the_chain_walks_the_tabs_in_the_platforms_order_with_the_qualification_check_before_the_field() -> None:
    platform_order = [item.key for item in sections_of(PlatformForm.APPLICATION) if item.key in APPLICATION_CHAIN]
    assert [name for name in APPLICATION_CHAIN if name != "qualification"] == platform_order
    assert APPLICATION_CHAIN.index("qualification") == APPLICATION_CHAIN.index("field_of_expertise") - 1
