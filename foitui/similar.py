"""Requests on the same subject: "have we answered this before?"

The store keeps every request's subject terms and their postings (foitui.subjects); a query
scores the requests that share a term with it (cosine over IDF-weighted term sets), skipping terms
so common that they say nothing about the subject; IDFs and vector norms are cached until the
index grows, so a lookup at 100,000 requests takes milliseconds. Quality is measured on a labelled
set by `python -m foitui.similar_eval`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from foitui import deadlines
from foitui.subjects import SHOWN_NAMES, id_order, surfaces

if TYPE_CHECKING:
    from foitui.store import Store

# Ranking bonuses (similar_requests): enough to order near-equal texts, never to lift an
# unrelated request over a related one. Measured on the labelled set (similar_eval).
AUTHORITY_BONUS = 0.02
WINDOW_BONUS = 0.01
# Below this text similarity two requests share a word or two, not a subject (every same-subject
# pair of the labelled set scores above 0.06).
MIN_TEXT_SCORE = 0.05


@dataclass(frozen=True, slots=True)
class Match:
    id: str
    score: float
    reason: str
    # The text similarity alone (cosine of the term sets, 0..1), before the bonuses in `score`.
    text_score: float = 0.0
    shared: tuple[str, ...] = ()


def display_terms(store: Store, terms: Iterable[str], *texts: str) -> list[str]:
    """`readable`, and for a stem not in `texts`, a word from the title of another request
    with that term (remembered by the index), so reasons never show a bare stem like "engag"
    when any title spells it out."""
    index = store.similarity_index()
    local = surfaces(texts)
    out = []
    for term in terms:
        word = SHOWN_NAMES.get(term) or local.get(term) or index.surface.get(term)
        if word is None:
            word = term
            for rid in index.postings.get(term, ())[:40]:
                found = surfaces([store.summary(rid).title]).get(term)
                if found:
                    word = found
                    break
            index.surface[term] = word
        out.append(word)
    return out


def similar_requests(
    store: Store, request_id: str, *, limit: int = 10, text: str | None = None
) -> list[Match]:
    """The most similar requests, best first, each with the reason it was chosen.

    The score is the text similarity plus small bonuses for the same authority and for a
    receipt date within 60 working days (Fees Regulations 2004 reg. 5: requests that may be
    aggregated for the s.12 cost limit), which order near-equal texts. Requests whose texts
    share next to nothing (below MIN_TEXT_SCORE) are left out. Give the request's `text`, when
    it is at hand, to have the shared terms in the reasons spelled as it spells them.
    """
    index = store.similarity_index()
    me = store.summary(request_id)
    scored = []
    for other, score, shared in index.ranked(request_id, limit * 3):
        if score < MIN_TEXT_SCORE:
            continue
        row = store.summary(other)
        same_authority = bool(me.authority and row.authority and me.authority == row.authority)
        window = bool(
            me.received
            and row.received
            and deadlines.within_aggregation_window(me.received, row.received, me.law)
        )
        bonus = AUTHORITY_BONUS * same_authority + WINDOW_BONUS * window
        scored.append((round(score + bonus, 4), other, score, shared, row, same_authority, window))
    scored.sort(key=lambda item: (-item[0], id_order(item[1])))
    matches = []
    for total, other, score, shared, row, same_authority, window in scored[:limit]:
        reasons = []
        if shared:
            words = display_terms(store, shared, me.title, row.title, text or "")
            reasons.append(f"shared terms: {', '.join(words)}")
        if same_authority:
            reasons.append("same authority")
        if window:
            reasons.append("within 60 working days")
        matches.append(
            Match(
                other,
                total,
                "; ".join(reasons),
                text_score=round(score, 4),
                shared=tuple(shared),
            )
        )
    return matches
