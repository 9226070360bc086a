"""Whether a parse needs an officer's eye: "check the split".

    reasons(parse) -> list[Reason]     # what looks wrong, each with a sentence
    codes(parse) -> str                # the same as letters, for the store's index ("" = fine)

Pure, over the final parse (after corrections): anything with questions, answers and
unassigned_response (ParseResult or Request). The reasons are the parser's known weak spots:
questions left without an answer while some response text answered nothing (that text may be
their answer), answers matched to questions by order alone (no label or echo said which), and
labels that skip a number or letter (1, 2, 4: a question the parser missed or merged).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

__all__ = ["CODES", "Reason", "codes", "reasons", "sentence"]

UNANSWERED = "u"
BY_ORDER = "o"
SKIPPED = "s"
#: Code -> short name, in the order reasons are given.
CODES = {UNANSWERED: "no answer", BY_ORDER: "matched by order", SKIPPED: "labels skip"}


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    text: str


def reasons(parse: Any) -> list[Reason]:
    found: list[Reason] = []
    questions = list(parse.questions)
    unassigned = [t for t in parse.unassigned_response if t.strip()]
    # A lead-in whose sub-questions carry the answers ("2. In relation to the project:" over 2a,
    # 2b) needs no answer of its own.
    parents = {q.parent for q in questions if q.parent is not None}
    empty = [q for q in questions if not q.answer and q.key not in parents]
    if empty and unassigned and len(questions) > 0:
        names = ", ".join(q.key for q in empty[:4]) + (" ..." if len(empty) > 4 else "")
        found.append(
            Reason(
                UNANSWERED,
                f"{_count(len(empty), 'question has', 'questions have')} no answer ({names}) "
                f"while {_count(len(unassigned), 'block', 'blocks')} of the response "
                f"{'answers' if len(unassigned) == 1 else 'answer'} nothing",
            )
        )
    by_order = [a for a in parse.answers if getattr(a, "matched_by", None) == "order"]
    if by_order:
        found.append(
            Reason(
                BY_ORDER,
                f"{_count(len(by_order), 'answer was', 'answers were')} matched to "
                "questions by order alone",
            )
        )
    gaps = _gaps(questions)
    if gaps:
        found.append(Reason(SKIPPED, f"the labels skip: {'; '.join(gaps[:3])}"))
    return found


def codes(parse: Any) -> str:
    return "".join(r.code for r in reasons(parse))


def sentence(found: list[Reason]) -> str:
    """ "check the split: 2 questions have no answer ...; the labels skip: 2 to 4"."""
    return "check the split: " + "; ".join(r.text for r in found) if found else ""


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _gaps(questions: list[Any]) -> list[str]:
    """ "2 to 4" for each place where siblings' labels skip a number or a letter."""
    siblings: dict[str | None, list[str]] = {}
    for q in questions:
        if q.label:
            siblings.setdefault(q.parent, []).append(q.label)
    gaps = []
    for parent, labels in siblings.items():
        # Sub-question labels carry their parent's ("2a", "2b"): compare what follows it.
        top = next((q.label for q in questions if q.key == parent), None) or ""
        steps = [_step(label[len(top) :] if label.startswith(top) else label) for label in labels]
        pairs = list(zip(labels, steps, strict=True))
        for (before, a), (after, b) in pairwise(pairs):
            if a is not None and b is not None and a[0] == b[0] and b[1] > a[1] + 1:
                gaps.append(f"{before} to {after}")
    return gaps


def _step(token: str) -> tuple[str, int] | None:
    """("n", 4) for "4", ("a", 2) for "b"; None for anything else ("2.1", "ii", "4-2")."""
    token = token.strip(".")
    if token.isdigit():
        return ("n", int(token))
    if len(token) == 1 and token.isalpha() and token.islower() and token not in "ivx":
        return ("a", ord(token) - ord("a") + 1)
    return None
