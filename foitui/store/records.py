"""How a request is laid out in the store's documents, and put back together.

Pure functions between models and the three documents a request has: the index entry (small,
for the list), the corpus record (large, imported once) and the triage entry (what users change).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from foitui import deadlines
from foitui.models import (
    Law,
    Link,
    LinkKind,
    Outcome,
    Question,
    Reference,
    Request,
    Source,
    Status,
)
from foitui.refs import ref_key


class Unset:
    """Marks an argument that was not given (None is a real value: "clear the note")."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET = Unset()

DECIDED = frozenset(o.value for o in Outcome) - {Outcome.PENDING.value}


@dataclass(slots=True)
class Summary:
    """One row of the request list: everything the list shows, nothing it does not."""

    id: str
    ref: str | None
    title: str
    authority: str | None
    law: Law
    received: date | None
    due: date | None
    status: Status
    questions: int
    decided: int
    links: int
    has_response: bool

    @property
    def pending(self) -> int:
        return self.questions - self.decided


# ------------------------------------------------------------------ documents from models


def index_doc(request: Request, fingerprint: str) -> dict[str, Any]:
    return {
        "ref": request.ref,
        "title": request.title,
        "authority": request.authority,
        "law": request.law.value,
        "received": request.received.isoformat() if request.received else None,
        "status": request.status.value if request.status != Status.NEW else None,
        "q": [[q.key, q.outcome.value, q.exemptions] for q in request.questions],
        "refs": [r.text for r in request.references],
        "resp": bool(request.response_text.strip()),
        "fp": fingerprint,
    }


def corpus_doc(request: Request) -> dict[str, Any]:
    return request.model_dump(
        mode="json",
        include={
            "source",
            "request_text",
            "response_text",
            "questions",
            "answers",
            "unassigned_response",
            "references",
        },
    )


# ------------------------------------------------------------------ triage paths


def get_path(doc: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = doc
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return copy.deepcopy(node)


def set_path(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A copy of `doc` with `path` set; a None value removes the key (and empty parents)."""
    result = copy.deepcopy(doc)
    parents = [result]
    node = result
    for part in path[:-1]:
        node = node.setdefault(part, {})
        parents.append(node)
    if value is None:
        node.pop(path[-1], None)
        for depth in range(len(path) - 1, 0, -1):
            if not parents[depth]:
                parents[depth - 1].pop(path[depth - 1], None)
    else:
        node[path[-1]] = value
    return result


def link_key(target: str) -> str:
    """The key a link is stored under: its target id, or the reference's spelling-free key."""
    target = target.strip()
    return target if target.isdigit() else ref_key(target)


def question_keys(index: dict[str, Any]) -> list[str]:
    return [entry[0] for entry in index.get("q", [])]


def clean_field(name: str, value: Any) -> Any:
    """Validate a user-edited field; ValueError text reaches the user."""
    if value is None or value == "":
        return None
    if name == "status":
        return Status(value).value
    if name == "law":
        return Law(str(value).lower()).value
    if name in ("received", "responded"):
        return (
            value.isoformat()
            if isinstance(value, date)
            else date.fromisoformat(str(value)).isoformat()
        )
    return " ".join(str(value).split())


# ------------------------------------------------------------------ derived values


def derive_status(outcomes: Iterable[str], has_response: bool) -> Status:
    """A request's status from its questions' outcomes (when nobody set one by hand)."""
    values = list(outcomes)
    decided = [o for o in values if o in DECIDED]
    if not decided:
        return Status.NEW if not has_response else Status.IN_PROGRESS
    if len(decided) < len(values):
        return Status.IN_PROGRESS
    kinds = set(decided)
    if Outcome.CLARIFICATION_NEEDED.value in kinds:
        return Status.WAITING_CLARIFICATION
    if kinds == {Outcome.ANSWERED.value}:
        return Status.SUCCESSFUL
    if kinds == {Outcome.NOT_HELD.value}:
        return Status.NOT_HELD
    if kinds <= {Outcome.REFUSED.value, Outcome.NOT_HELD.value}:
        return Status.REFUSED
    return Status.PARTIALLY_SUCCESSFUL


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def clock_stops(triage: dict[str, Any]) -> list[deadlines.ClockStop]:
    return [
        deadlines.ClockStop(kind=s["kind"], start=_date(s["start"]), end=_date(s.get("end")))
        for s in (triage.get("stops") or [])
        if _date(s.get("start"))
    ]


def due_for(received: date | None, law: Law, triage: dict[str, Any]) -> date | None:
    if received is None:
        return None
    return deadlines.due_date(
        received,
        law,
        stops=clock_stops(triage),
        extension_days=int(triage.get("extension_days") or 0),
    )


def effective_fields(index: dict[str, Any], triage: dict[str, Any]) -> dict[str, Any]:
    fields = triage.get("fields") or {}
    return {
        name: fields.get(name, index.get(name))
        for name in ("ref", "title", "authority", "law", "received", "status")
    }


def question_outcomes(index: dict[str, Any], triage: dict[str, Any]) -> list[str]:
    marks = triage.get("questions") or {}
    return [(marks.get(entry[0]) or {}).get("outcome", entry[1]) for entry in index.get("q", [])]


def question_exemptions(index: dict[str, Any], triage: dict[str, Any]) -> list[str]:
    """Every exemption the request's questions cite, parsed or marked by hand."""
    marks = triage.get("questions") or {}
    codes: list[str] = []
    for entry in index.get("q", []):
        parsed = entry[2] if len(entry) > 2 else []
        codes.extend((marks.get(entry[0]) or {}).get("exemptions", parsed))
    return codes


def summary(rid: int, index: dict[str, Any], triage: dict[str, Any], backlinks: int) -> Summary:
    fields = effective_fields(index, triage)
    law = Law(fields["law"] or Law.FOI)
    received = _date(fields["received"])
    outcomes = question_outcomes(index, triage)
    has_response = bool(index.get("resp"))
    status = Status(fields["status"]) if fields["status"] else derive_status(outcomes, has_response)
    return Summary(
        id=str(rid),
        ref=fields["ref"],
        title=fields["title"] or "",
        authority=fields["authority"],
        law=law,
        received=received,
        due=due_for(received, law, triage),
        status=status,
        questions=len(outcomes),
        decided=sum(1 for o in outcomes if o in DECIDED),
        links=len(triage.get("links") or {}) + backlinks,
        has_response=has_response,
    )


def assemble(
    rid: int,
    index: dict[str, Any],
    corpus: dict[str, Any],
    triage: dict[str, Any],
    *,
    backlinks: list[tuple[int, dict[str, Any]]],
    resolve: Callable[[str], int | None],
    link_target: Callable[[str], int | None],
) -> Request:
    """The full Request model: corpus text + index fields + triage overrides."""
    row = summary(rid, index, triage, len(backlinks))
    marks = triage.get("questions") or {}
    questions = []
    for raw in corpus.get("questions", []):
        question = Question.model_validate(raw)
        mark = marks.get(question.key) or {}
        update: dict[str, Any] = {}
        for name in ("outcome", "exemptions", "note"):
            if name in mark:
                update[name] = mark[name]
        if "hours" in mark:
            update["hours"] = mark["hours"]
        if update:
            question = question.model_copy(update=update)
        questions.append(question)
    references = []
    for raw in corpus.get("references", []):
        reference = Reference.model_validate(raw)
        target = resolve(reference.text)
        if target is not None and target != rid:
            reference = reference.model_copy(update={"resolved": str(target)})
        references.append(reference)
    links = []
    for link in (triage.get("links") or {}).values():
        target = (
            resolve(link["target"]) if not str(link["target"]).isdigit() else int(link["target"])
        )
        links.append(
            Link(
                target=str(target) if target is not None else link["target"],
                kind=LinkKind(link["kind"]),
                note=link.get("note"),
                external=target is None,
            )
        )
    for source_id, link in backlinks:
        links.append(
            Link(
                target=str(source_id),
                kind=LinkKind(link["kind"]),
                note=link.get("note"),
                external=False,
                inbound=True,
            )
        )
    return Request(
        id=str(rid),
        ref=row.ref,
        title=row.title,
        authority=row.authority,
        law=row.law,
        received=row.received,
        due=row.due,
        status=row.status,
        source=Source.model_validate(corpus["source"]),
        request_text=corpus.get("request_text", ""),
        response_text=corpus.get("response_text", ""),
        questions=questions,
        answers=corpus.get("answers", []),
        unassigned_response=corpus.get("unassigned_response", []),
        references=references,
        links=links,
        stops=triage.get("stops") or [],
        extension_days=int(triage.get("extension_days") or 0),
    )
