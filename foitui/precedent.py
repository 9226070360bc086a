"""Per-question precedent: how did we answer this question before?

For one numbered question of a request, the earlier answers to similar questions in the cases
linked to it (its chain: prior iterations, duplicates, cited references) and in the most similar
requests, so that an officer can reuse an answer or stay consistent with it (the same figures,
the same exemption, or a reason to differ). Each numbered question is a separate request in law
(ICO line to take LTT145), so precedent is looked up question by question.

A candidate question is scored by the overlap of its words with the question's words, weighted
by how rare each word is in the store (the IDF of the similarity index): mostly the share of
this question's weight it covers, partly the cosine. That is scaled by how close its request is
to this one (linked cases count as close). Only a few requests are read: the chain
to a small depth and the top similar requests.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from foitui.chains import REFERENCE, THIS, chain, citation
from foitui.errors import NotFoundError
from foitui.models import Outcome, Question, Request
from foitui.similar import similar_requests
from foitui.subjects import SimilarityIndex, readable, words

if TYPE_CHECKING:
    from foitui.store import Store

SIMILAR_CANDIDATES = 8  # similar requests read for their questions
# ... if on the same subject: 97% of same-subject pairs of the labelled set score at least this,
# and under 2% of the others (foitui.similar_eval). Linked cases count whatever their text.
SIMILAR_MIN_SCORE = 0.12
CHAIN_DEPTH = 2
CHAIN_ENTRIES = 12
LINKED_CLOSENESS = 0.6  # how close a linked case counts, at least, next to text similarity
MIN_SCORE = 0.05
COVERAGE_WEIGHT = 0.7


@dataclass(frozen=True, slots=True)
class Precedent:
    """An earlier question like this one, with how it was answered."""

    request_id: str
    ref: str | None
    title: str
    received: date | None
    key: str  # the question's key in its request
    label: str | None
    question: str
    answer: str  # "" when no answer text was recorded
    outcome: Outcome
    exemptions: tuple[str, ...]  # citations: "s.12", "s.40(2)"
    score: float
    source: str  # "linked as prior", "cited reference", "similar request (0.42)"
    shared: tuple[str, ...]  # the words the questions share

    def to_json(self) -> dict[str, object]:
        return {
            "request_id": self.request_id,
            "ref": self.ref,
            "title": self.title,
            "received": self.received.isoformat() if self.received else None,
            "key": self.key,
            "label": self.label,
            "question": self.question,
            "answer": self.answer,
            "outcome": self.outcome.value,
            "exemptions": list(self.exemptions),
            "score": round(self.score, 4),
            "source": self.source,
            "shared": list(self.shared),
        }


def _candidates(store: Store, request_id: str) -> list[tuple[Request, str, float]]:
    """(request, how it was found, closeness 0..1): the chain first, then similar requests."""
    read: dict[str, Request] = {}
    found: dict[str, tuple[Request, str, float]] = {}
    index = store.similarity_index()
    for entry in chain(
        store, request_id, max_depth=CHAIN_DEPTH, max_entries=CHAIN_ENTRIES, cache=read
    ).entries:
        if entry.id is None or entry.connection == THIS:
            continue
        source = (
            "cited reference" if entry.connection == REFERENCE else f"linked as {entry.connection}"
        )
        if entry.depth > 1:
            source += f" (via #{entry.via_id})"
        closeness = max(LINKED_CLOSENESS, index.score(request_id, entry.id)[0])
        found[entry.id] = (read.get(entry.id) or store.get(entry.id), source, closeness)
    for match in similar_requests(store, request_id, limit=SIMILAR_CANDIDATES):
        if match.id not in found and match.text_score >= SIMILAR_MIN_SCORE:
            source = f"similar request ({match.text_score:.2f})"
            found[match.id] = (store.get(match.id), source, match.text_score)
    return list(found.values())


def _weights(index: SimilarityIndex, terms: Iterable[str]) -> dict[str, float]:
    # A word in no request's subject terms counts as a word found in one request.
    rare = math.log((len(index) + 1) / 1.5)
    return {t: (index.idf(t) if t in index.postings else rare) for t in set(terms)}


def _similarity(mine: dict[str, float], theirs: dict[str, float]) -> tuple[float, list[str]]:
    """Mostly how much of this question the other covers (it may ask more: an answer to a wider
    question still answers this one), partly the cosine (so that near-identical wins)."""
    shared = sorted((t for t in mine if t in theirs), key=lambda t: -mine[t])
    if not shared:
        return 0.0, []
    dot = sum(mine[t] ** 2 for t in shared)
    mine_sq = sum(v * v for v in mine.values())
    theirs_sq = sum(v * v for v in theirs.values())
    coverage = dot / mine_sq
    cosine = dot / math.sqrt(mine_sq * theirs_sq)
    return COVERAGE_WEIGHT * coverage + (1 - COVERAGE_WEIGHT) * cosine, shared


def _answered(question: Question) -> bool:
    return bool((question.answer or "").strip()) or question.outcome != Outcome.PENDING


def _rank(
    store: Store,
    me: Request,
    question: Question,
    candidates: list[tuple[Request, str, float]],
    limit: int,
) -> list[Precedent]:
    index = store.similarity_index()
    mine = _weights(index, words(question.text))
    if not mine:
        return []
    found = []
    for request, source, closeness in candidates:
        for other in request.questions:
            if not _answered(other):
                continue
            theirs = _weights(index, words(other.text))
            similarity, shared = _similarity(mine, theirs)
            score = similarity * (0.5 + 0.5 * closeness)
            if score < MIN_SCORE:
                continue
            found.append(
                Precedent(
                    request_id=request.id or "",
                    ref=request.ref,
                    title=request.title,
                    received=request.received,
                    key=other.key,
                    label=other.label,
                    question=other.text,
                    answer=other.answer or "",
                    outcome=other.outcome,
                    exemptions=tuple(citation(code) for code in other.exemptions),
                    score=round(score, 4),
                    source=source,
                    shared=tuple(readable(shared[:5], question.text, other.text)),
                )
            )
    found.sort(key=lambda p: (-p.score, int(p.request_id or 0), p.key))
    return found[:limit]


def _question(request: Request, key: str) -> Question:
    for question in request.questions:
        if question.key == key:
            return question
    keys = ", ".join(q.key for q in request.questions)
    raise NotFoundError(f"request {request.id} has no question {key!r} (questions: {keys})")


def precedents(store: Store, request_id: str, key: str, *, limit: int = 5) -> list[Precedent]:
    """Earlier answers to questions like question `key` of the request, best first."""
    me = store.get(request_id)
    question = _question(me, key)
    return _rank(store, me, question, _candidates(store, request_id), limit)


def precedents_by_question(
    store: Store, request_id: str, *, limit: int = 5
) -> dict[str, list[Precedent]]:
    """`precedents` for every question of the request at once (the stepper's view): the
    candidate requests are read once, not once a question."""
    me = store.get(request_id)
    candidates = _candidates(store, request_id)
    return {q.key: _rank(store, me, q, candidates, limit) for q in me.questions}


def precedent_text(store: Store, request_id: str, key: str, found: list[Precedent]) -> str:
    """Precedents as plain text, for `foitui precedent`."""
    from foitui.safetext import clean

    question = _question(store.get(request_id), key)
    out = [f"#{request_id} question {key}: {clean(' '.join(question.text.split()))}"]
    if not found:
        out.append("  no earlier answers to similar questions found")
    for p in found:
        received = p.received.isoformat() if p.received else "no date"
        exemptions = f" [{', '.join(p.exemptions)}]" if p.exemptions else ""
        out.append("")
        out.append(
            f"  {p.score:.2f}  #{p.request_id} {clean(p.ref or '-')} Q{clean(p.label or p.key)}"
            f"  {received}  {p.outcome.value}{exemptions}  ({p.source})"
        )
        out.append(f"        Q: {clean(' '.join(p.question.split()))}")
        answer = " ".join(p.answer.split()) or "(no answer text)"
        out.append(f"        A: {clean(answer)}")
    return "\n".join(out) + "\n"
