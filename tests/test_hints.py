"""Law-aware hints: s.12 aggregation (reg. 5; FOISA reg. 6) and s.14(2) repeated requests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from foitui.cli import main
from foitui.hints import (
    AGGREGATION_RULES,
    REPEAT_RULES,
    aggregation_groups,
    complied_questions,
    repeat_candidates,
)
from foitui.models import Law, LinkKind, Outcome, Question, Request, Status
from foitui.store import Store
from tests.conftest import make_request

POTHOLES = (
    "Pothole repairs and claims",
    "How many potholes were reported on council roads, how many pothole repairs were "
    "completed within the target time, and how many compensation claims for vehicle damage "
    "caused by potholes were paid?",
)
POTHOLES_AGAIN = (
    "Potholes: repairs and damage claims",
    "Please tell me again how many potholes were reported, how many were repaired within the "
    "target time and how many vehicle damage claims caused by potholes the council paid.",
)
LIBRARIES = (
    "Library opening hours",
    "Which branch libraries have had their opening hours cut, and are closures planned?",
)
PARKING = (
    "Parking fines",
    "How many penalty charge notices were issued by civil enforcement officers last year?",
)
TREES = ("Street trees", "How many street trees were felled, and how many replanted?")


def req(
    n: int,
    subject: tuple[str, str],
    received: str,
    *,
    requester: str | None = None,
    authority: str = "Wigan Council",
    law: Law = Law.FOI,
    outcome: Outcome | None = Outcome.ANSWERED,
    exemptions: tuple[str, ...] = (),
) -> Request:
    """A request on `subject`; its three questions all have `outcome` (None: pending)."""
    title, text = subject
    request = make_request(n, title=title, text=text, received=received, law=law)
    questions = [
        Question(
            key=q.key,
            label=q.label,
            text=q.text,
            answer="Figures attached." if outcome == Outcome.ANSWERED else None,
            outcome=outcome or Outcome.PENDING,
            exemptions=list(exemptions),
        )
        for q in request.questions
    ]
    return request.model_copy(
        update={"questions": questions, "requester": requester, "authority": authority}
    )


def background(start: int) -> list[Request]:
    return [
        req(start, LIBRARIES, "2025-06-02", requester="Ann"),
        req(start + 1, PARKING, "2025-06-03", requester="Bob"),
        req(start + 2, TREES, "2025-06-04", requester="Cat"),
    ]


def ids(hints: list) -> list[str]:
    return [h.id for h in hints]


# ------------------------------------------------------------------ aggregation


@pytest.fixture
def aggregation(make_store: Callable[..., Store]) -> Store:
    return make_store(
        [
            req(1, POTHOLES, "2026-01-05", requester="Jo Bloggs", outcome=None),
            req(2, POTHOLES_AGAIN, "2026-02-10", requester=" jo  BLOGGS", outcome=None),
            req(3, POTHOLES_AGAIN, "2026-06-01", requester="Jo Bloggs"),  # > 60 working days
            req(4, POTHOLES_AGAIN, "2026-01-20", requester="Sam Smith"),  # another person
            req(5, POTHOLES_AGAIN, "2026-01-21"),  # requester not recorded
            req(6, POTHOLES_AGAIN, "2026-01-22", requester="Jo Bloggs", authority="Leeds"),
            req(7, LIBRARIES, "2026-01-23", requester="Jo Bloggs"),  # another subject
            *background(8),
        ]
    )


def test_aggregation_same_requester_within_60_working_days(aggregation: Store) -> None:
    hints = aggregation_groups(aggregation, "1")
    assert sorted(ids(hints)) == ["2", "5"]
    by_id = {h.id: h for h in hints}
    assert by_id["2"].kind == "aggregate"
    assert by_id["2"].rule == AGGREGATION_RULES[Law.FOI]
    assert "reg. 5" in by_id["2"].rule
    assert any(r.startswith("same requester") for r in by_id["2"].reasons)
    assert any(r.startswith("similar subject (") for r in by_id["2"].reasons)
    assert by_id["2"].working_days == -26  # received 26 working days after #1
    assert "within 60" in by_id["2"].reason
    assert any("requester not recorded" in r for r in by_id["5"].reasons)
    assert all(h.score >= 0.2 for h in hints)


def test_aggregation_window_is_symmetric(aggregation: Store) -> None:
    assert "1" in ids(aggregation_groups(aggregation, "2"))
    assert "1" not in ids(aggregation_groups(aggregation, "3"))  # too far apart
    assert ids(aggregation_groups(aggregation, "3")) == []


def test_aggregation_of_other_requesters_only_as_a_campaign(aggregation: Store) -> None:
    assert "4" not in ids(aggregation_groups(aggregation, "1"))
    hints = aggregation_groups(aggregation, "1", campaigns=True)
    assert "4" in ids(hints)
    (other,) = [h for h in hints if h.id == "4"]
    assert any("acting in concert" in r for r in other.reasons)


def test_aggregation_needs_the_same_authority_and_subject(aggregation: Store) -> None:
    found = ids(aggregation_groups(aggregation, "1", campaigns=True))
    assert "6" not in found  # another authority
    assert "7" not in found  # same person, same weeks, another subject


def test_aggregation_includes_linked_cases_and_says_so(aggregation: Store) -> None:
    aggregation.link("7", "1", kind=LinkKind.PRIOR)  # the officer says they belong together
    hints = aggregation_groups(aggregation, "1")
    (linked,) = [h for h in hints if h.id == "7"]
    assert linked.linked == LinkKind.PRIOR
    assert "already linked as prior" in linked.reasons


def test_aggregation_needs_a_received_date(make_store: Callable[..., Store]) -> None:
    undated = req(1, POTHOLES, "2026-01-05").model_copy(update={"received": None})
    store = make_store([undated, req(2, POTHOLES_AGAIN, "2026-01-06")])
    assert store.summary("1").received is None
    assert aggregation_groups(store, "1") == []
    assert "1" not in ids(aggregation_groups(store, "2"))


def test_foisa_aggregation_is_reg_6_different_persons_within_20_days(
    make_store: Callable[..., Store],
) -> None:
    glasgow = {"authority": "Glasgow City Council", "law": Law.FOISA, "outcome": None}
    store = make_store(
        [
            req(1, POTHOLES, "2026-01-05", requester="Jo Bloggs", **glasgow),
            req(2, POTHOLES_AGAIN, "2026-01-19", requester="Sam Smith", **glasgow),
            req(3, POTHOLES_AGAIN, "2026-01-20", requester="Jo Bloggs", **glasgow),
            req(4, POTHOLES_AGAIN, "2026-02-24", requester="Kim Lee", **glasgow),
            *background(5),
        ]
    )
    hints = aggregation_groups(store, "1")
    assert ids(hints) == ["2"]
    assert "reg. 6" in hints[0].rule and hints[0].rule == AGGREGATION_RULES[Law.FOISA]
    assert any("published" in r for r in hints[0].reasons)


# ------------------------------------------------------------------ repeated requests


@pytest.fixture
def repeats(make_store: Callable[..., Store]) -> Store:
    return make_store(
        [
            req(1, POTHOLES, "2025-09-01", requester="Jo Bloggs"),  # answered
            req(2, POTHOLES, "2025-10-01", requester="Jo Bloggs", outcome=Outcome.NOT_HELD),
            req(
                3,
                POTHOLES,
                "2025-11-03",
                requester="Jo Bloggs",
                outcome=Outcome.REFUSED,
                exemptions=("s12",),
            ),
            req(4, POTHOLES, "2025-11-10", requester="Sam Smith"),  # another person
            req(5, POTHOLES, "2025-11-17"),  # requester not recorded
            req(6, POTHOLES, "2025-11-24", requester="Jo Bloggs", outcome=None),  # not answered
            req(7, POTHOLES_AGAIN, "2026-03-02", requester="jo bloggs", outcome=None),
            req(8, POTHOLES_AGAIN, "2026-03-02", requester="Jo Bloggs", authority="Leeds"),
            *background(9),
        ]
    )


def test_repeat_of_answered_requests_from_the_same_person(repeats: Store) -> None:
    hints = repeat_candidates(repeats, "7")
    assert sorted(ids(hints)) == ["1", "2", "5"]
    by_id = {h.id: h for h in hints}
    assert by_id["1"].kind == "repeat" and by_id["1"].rule == REPEAT_RULES[Law.FOI]
    assert by_id["1"].status == Status.SUCCESSFUL
    assert by_id["2"].status == Status.NOT_HELD  # confirmed not held is compliance too
    assert any("3 of 3 questions answered or not held" in r for r in by_id["1"].reasons)
    assert any("reasonable interval" in r for r in by_id["1"].reasons)
    assert by_id["1"].working_days is not None and by_id["1"].working_days > 100
    assert any("s.14(2) needs the same person" in r for r in by_id["5"].reasons)


def test_no_repeat_of_refused_unanswered_later_or_others_requests(repeats: Store) -> None:
    found = ids(repeat_candidates(repeats, "7"))
    assert "3" not in found  # refused on cost: nothing was complied with
    assert "4" not in found  # someone else
    assert "6" not in found  # not answered yet
    assert "8" not in found  # another authority
    assert repeat_candidates(repeats, "1") == []  # nothing earlier
    assert complied_questions(repeats, "3") == (0, 3)
    assert complied_questions(repeats, "2") == (3, 3)


def test_refusal_marked_by_hand_is_not_compliance(repeats: Store) -> None:
    for key in ("1", "2", "3"):
        repeats.mark("1", key, outcome="partly_answered", exemptions=["s12"])
    assert "1" not in ids(repeat_candidates(repeats, "7"))


def test_repeat_rule_for_eir_points_to_manifestly_unreasonable(
    make_store: Callable[..., Store],
) -> None:
    store = make_store(
        [
            req(1, POTHOLES, "2025-09-01", requester="Jo", law=Law.EIR),
            req(2, POTHOLES_AGAIN, "2026-03-02", requester="Jo", law=Law.EIR, outcome=None),
            *background(3),
        ]
    )
    (hint,) = repeat_candidates(store, "2")
    assert "12(4)(b)" in hint.rule


def test_cli_hints(repeats: Store, store_path: Path, capsys) -> None:
    assert main(["--store", str(store_path), "hints", "7", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "7"
    assert sorted(h["id"] for h in data["repeat"]) == ["1", "2", "5"]
    assert {h["kind"] for h in data["repeat"]} == {"repeat"}
    assert set(data["repeat"][0]) >= {"id", "ref", "score", "reasons", "rule", "working_days"}
    assert isinstance(data["aggregate"], list)
    assert main(["--store", str(store_path), "hints", "7"]) == 0
    text = capsys.readouterr().out
    assert "May repeat an answered request (FOIA s.14(2)" in text
    assert "May be aggregated" in text
