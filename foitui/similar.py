"""Requests on the same subject: "have we answered this before?"

Each request's subject terms are picked once, at import, and kept in the store's index (the
`terms` column). The similarity index is built from those columns alone, without reading a
single corpus shard, and grows as requests are imported. A query scores candidates that share a
term with the request (cosine over IDF-weighted term sets), skipping terms so common that they
say nothing about the subject, so a lookup at 100,000 requests takes milliseconds.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from foitui import deadlines

if TYPE_CHECKING:
    from foitui.store import Store

TERMS_PER_REQUEST = 24
QUERY_TERMS = 20
COMMON_SHARE = 0.05  # a term in more than 5% of requests does not tell subjects apart

_WORD = re.compile(r"[a-z][a-z'-]{2,}")
STOPWORDS = frozenset(
    """the and for any all are was were with this that these those from have has had you your our
    please provide information request requests council councils can could would should which what
    how many much number numbers details detail copy copies including include includes within
    under act freedom last years year each per also other into their there them they its it's been
    being such than then made make does did not held hold whether who whom where when will may
    might foi eir foia foisa data dear sir madam regards thank thanks following supply like know
    current currently question questions between since period total figures please kindly send
    received response respond answer answers reference ref previous previously about over only
    more most some same very just made given give used using use well there here upon out one two
    three four five six seven eight nine ten first second third date dates month months week
    weeks day days time times new old list lists breakdown broken down financial calendar
    april march january february june july august september october november december""".split()
)


def _stem(word: str) -> str:
    # A light fold is enough to pair "potholes" with "pothole", "repairs" with "repaired".
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + repl
    return word


def words(text: str) -> list[str]:
    found = (w.strip("'-") for w in _WORD.findall(text.lower()))
    return [_stem(w) for w in found if len(w) > 2 and w not in STOPWORDS]


def subject_terms(title: str, text: str, limit: int = TERMS_PER_REQUEST) -> list[str]:
    """The words that say what a request is about: frequent in it, title words counted twice."""
    counts: Counter[str] = Counter(words(text))
    for word in words(title):
        counts[word] += 2
    # most_common keeps first-seen order among equal counts: deterministic.
    return [term for term, _ in counts.most_common(limit)]


@dataclass(frozen=True, slots=True)
class Match:
    id: str
    score: float
    reason: str


class SimilarityIndex:
    """Postings of subject terms, extended in place as requests are imported."""

    def __init__(self) -> None:
        self.terms: dict[str, tuple[str, ...]] = {}
        self.postings: dict[str, list[str]] = {}

    def add(self, request_id: str, terms: Iterable[str]) -> None:
        unique = tuple(dict.fromkeys(terms))
        self.terms[request_id] = unique
        for term in unique:
            self.postings.setdefault(term, []).append(request_id)

    def __len__(self) -> int:
        return len(self.terms)

    def idf(self, term: str) -> float:
        return math.log((len(self.terms) + 1) / (len(self.postings.get(term, ())) + 0.5))

    def _norm(self, request_id: str) -> float:
        return math.sqrt(sum(self.idf(t) ** 2 for t in self.terms.get(request_id, ()))) or 1.0

    def ranked(self, request_id: str, limit: int) -> list[tuple[str, float, list[str]]]:
        mine = self.terms.get(request_id, ())
        if not mine:
            return []
        too_common = max(50, int(len(self.terms) * COMMON_SHARE))
        weights = {t: self.idf(t) for t in mine}
        query = sorted(mine, key=lambda t: -weights[t])[:QUERY_TERMS]
        scores: Counter[str] = Counter()
        shared: dict[str, list[str]] = {}
        for term in query:
            postings = self.postings.get(term, [])
            if len(postings) > too_common:
                continue
            weight = weights[term] ** 2
            for other in postings:
                if other != request_id:
                    scores[other] += weight
                    shared.setdefault(other, []).append(term)
        norm = self._norm(request_id)
        ranked = sorted(
            ((other, raw / (norm * self._norm(other))) for other, raw in scores.items()),
            key=lambda item: (-item[1], int(item[0]) if item[0].isdigit() else 0),
        )
        return [(other, score, shared[other][:4]) for other, score in ranked[:limit]]


def similar_requests(store: Store, request_id: str, *, limit: int = 10) -> list[Match]:
    """The most similar requests, best first, each with the reason it was chosen."""
    index = store.similarity_index()
    me = store.summary(request_id)
    matches = []
    for other, score, shared in index.ranked(request_id, limit * 3):
        row = store.summary(other)
        reasons = [f"shared terms: {', '.join(shared)}"] if shared else []
        bonus = 0.0
        if me.authority and row.authority and me.authority == row.authority:
            reasons.append("same authority")
            bonus += 0.05
        if (
            me.received
            and row.received
            and deadlines.within_aggregation_window(me.received, row.received, me.law)
        ):
            reasons.append("within 60 working days")
            bonus += 0.05
        matches.append(Match(other, round(score + bonus, 4), "; ".join(reasons)))
    matches.sort(key=lambda m: (-m.score, int(m.id)))
    return matches[:limit]
