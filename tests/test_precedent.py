"""Per-question precedent: earlier answers to similar questions from linked and similar cases."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from foitui.cli import main
from foitui.errors import NotFoundError
from foitui.models import Outcome, Question, Request
from foitui.precedent import precedents, precedents_by_question
from foitui.store import Store
from tests.conftest import make_request

QuestionSpec = tuple[str, str | None, Outcome, tuple[str, ...]]


def with_questions(
    n: int,
    ref: str,
    title: str,
    specs: list[QuestionSpec],
    *,
    refs: tuple[str, ...] = (),
    authority: str = "Wigan Council",
    received: str = "2026-01-05",
) -> Request:
    questions = [
        Question(
            key=str(i),
            label=str(i),
            text=text,
            answer=answer,
            outcome=outcome,
            exemptions=list(exemptions),
        )
        for i, (text, answer, outcome, exemptions) in enumerate(specs, start=1)
    ]
    text = " ".join(q.text for q in questions)
    request = make_request(n, ref=ref, title=title, text=text, refs=refs, received=received)
    return request.model_copy(update={"questions": questions, "authority": authority})


PENDING: tuple[str | None, Outcome, tuple[str, ...]] = (None, Outcome.PENDING, ())


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    return make_store(
        [
            with_questions(
                1,
                "FOI 100",
                "Potholes reported, compensation and contractors",
                [
                    (
                        "How many potholes were reported by the public in 2024?",
                        "12,000 potholes were reported.",
                        Outcome.ANSWERED,
                        (),
                    ),
                    (
                        "How much compensation was paid for vehicle damage claims?",
                        "£200,000 was paid on 310 claims.",
                        Outcome.ANSWERED,
                        (),
                    ),
                    (
                        "The names of the contractors who repair potholes and their rates.",
                        "Withheld: commercial interests.",
                        Outcome.REFUSED,
                        ("s43(2)",),
                    ),
                    ("How many gullies were cleaned and how often?", None, Outcome.PENDING, ()),
                ],
            ),
            with_questions(
                2,
                "FOI 200",
                "Potholes and damage claims again",
                [
                    ("How many potholes were reported in 2025?", *PENDING),
                    ("What compensation did you pay for damage to vehicles?", *PENDING),
                    ("Which contractors repair potholes for the council?", *PENDING),
                    ("How many gullies were cleaned?", *PENDING),
                ],
                refs=("FOI 100",),
                received="2026-03-02",
            ),
            with_questions(
                3,
                "LCC 77",
                "Pothole reports",
                [
                    (
                        "How many potholes were reported to the council?",
                        "9,000 in 2024.",
                        Outcome.ANSWERED,
                        (),
                    )
                ],
                authority="Leeds City Council",
            ),
            with_questions(
                4,
                "FOI 400",
                "Library closures",
                [
                    (
                        "How many libraries were reported closed in 2024?",
                        "Two libraries closed.",
                        Outcome.ANSWERED,
                        (),
                    )
                ],
            ),
        ]
    )


def test_precedent_from_the_linked_case_comes_first(store: Store) -> None:
    found = precedents(store, "2", "1")
    best = found[0]
    assert (best.request_id, best.key) == ("1", "1")
    assert best.answer == "12,000 potholes were reported."
    assert best.outcome == Outcome.ANSWERED
    assert best.source == "cited reference"
    assert best.ref == "FOI 100"
    assert "potholes" in best.shared and "reported" in best.shared
    # The similar but unlinked request's answer is there too, lower down.
    assert ("3", "1") in [(p.request_id, p.key) for p in found]
    assert found.index(next(p for p in found if p.request_id == "3")) > 0
    scores = [p.score for p in found]
    assert scores == sorted(scores, reverse=True)


def test_precedent_keeps_outcome_and_exemptions(store: Store) -> None:
    best = precedents(store, "2", "3")[0]
    assert (best.request_id, best.key) == ("1", "3")
    assert best.outcome == Outcome.REFUSED
    assert best.exemptions == ("s.43(2)",)
    best = precedents(store, "2", "2")[0]
    assert (best.request_id, best.key, best.answer) == (
        "1",
        "2",
        "£200,000 was paid on 310 claims.",
    )


def test_unanswered_questions_and_unrelated_requests_are_not_precedent(store: Store) -> None:
    # A's gully question was never answered: nothing to reuse.
    assert all((p.request_id, p.key) != ("1", "4") for p in precedents(store, "2", "4"))
    everything = [p for key in ("1", "2", "3", "4") for p in precedents(store, "2", key)]
    assert "4" not in {p.request_id for p in everything}  # libraries
    assert "2" not in {p.request_id for p in everything}  # never itself


def test_precedents_by_question_match_one_by_one(store: Store) -> None:
    by_question = precedents_by_question(store, "2", limit=3)
    assert list(by_question) == ["1", "2", "3", "4"]
    for key, found in by_question.items():
        assert found == precedents(store, "2", key, limit=3)
        assert len(found) <= 3


def test_precedent_of_an_unknown_question(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no question '9'"):
        precedents(store, "2", "9")


def test_cli_precedent(store: Store, store_path: Path, capsys) -> None:
    assert main(["--store", str(store_path), "precedent", "FOI 200", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["request_id"] == "1" and data[0]["key"] == "1"
    assert data[0]["answer"] == "12,000 potholes were reported."
    assert set(data[0]) >= {"question", "outcome", "exemptions", "score", "source"}
    assert main(["--store", str(store_path), "precedent", "2", "1"]) == 0
    text = capsys.readouterr().out
    assert "A: 12,000 potholes were reported." in text
    assert main(["--store", str(store_path), "precedent", "2", "9"]) != 0
