"""Requests on the same subject: TF-IDF cosine over the request texts, with the reason shown."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from foitui import deadlines

if TYPE_CHECKING:
    from foitui.store import Store

AGGREGATION_WINDOW_DAYS = 60

_WORD = re.compile(r"[a-z][a-z'-]{2,}")
STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "any",
        "all",
        "are",
        "was",
        "were",
        "with",
        "this",
        "that",
        "these",
        "those",
        "from",
        "have",
        "has",
        "had",
        "you",
        "your",
        "our",
        "please",
        "provide",
        "information",
        "request",
        "requests",
        "council",
        "councils",
        "can",
        "could",
        "would",
        "should",
        "which",
        "what",
        "how",
        "many",
        "much",
        "number",
        "details",
        "copy",
        "copies",
        "including",
        "include",
        "within",
        "under",
        "act",
        "freedom",
        "last",
        "years",
        "year",
        "each",
        "per",
        "also",
        "other",
        "into",
        "their",
        "there",
        "them",
        "they",
        "its",
        "it's",
        "been",
        "being",
        "such",
        "than",
        "then",
        "made",
        "make",
        "does",
        "did",
        "not",
        "held",
        "hold",
        "whether",
        "who",
        "whom",
        "where",
        "when",
        "will",
        "may",
        "might",
        "foi",
        "eir",
        "data",
        "dear",
        "sir",
        "madam",
        "regards",
        "thank",
        "thanks",
        "following",
        "supply",
        "like",
        "know",
        "current",
        "currently",
        "following",
        "question",
        "questions",
        "between",
        "since",
        "period",
        "total",
        "figures",
    ]
)


@dataclass(frozen=True, slots=True)
class Match:
    id: str
    score: float
    reason: str


def terms(text: str) -> Counter[str]:
    words = (w.strip("'-") for w in _WORD.findall(text.lower()))
    return Counter(_stem(w) for w in words if w and w not in STOPWORDS)


def _stem(word: str) -> str:
    # A light plural/ing fold is enough to pair "potholes" with "pothole", "repairs" with "repair".
    for suffix, repl in (("ies", "y"), ("ing", ""), ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + repl
    return word


class SimilarityIndex:
    """Term vectors of every request, built once per store generation."""

    def __init__(self, documents: dict[str, str]) -> None:
        self.vectors: dict[str, dict[str, float]] = {}
        df: Counter[str] = Counter()
        counts = {rid: terms(text) for rid, text in documents.items()}
        for c in counts.values():
            df.update(c.keys())
        n = max(len(counts), 1)
        self.idf = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
        self.postings: dict[str, list[str]] = {}
        for rid, c in counts.items():
            vec = {t: (1 + math.log(f)) * self.idf[t] for t, f in c.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            self.vectors[rid] = {t: v / norm for t, v in vec.items()}
            for t in vec:
                self.postings.setdefault(t, []).append(rid)

    def ranked(self, rid: str, limit: int) -> list[tuple[str, float, list[str]]]:
        vec = self.vectors.get(rid, {})
        scores: Counter[str] = Counter()
        # Rare terms carry the subject; very common ones would touch every document.
        top_terms = sorted(vec.items(), key=lambda kv: -kv[1])[:40]
        for t, w in top_terms:
            postings = self.postings.get(t, [])
            if len(postings) > 5000:
                continue
            for other in postings:
                if other != rid:
                    scores[other] += w * self.vectors[other][t]
        best = scores.most_common(limit)
        result = []
        for other, score in best:
            shared = sorted(
                (t for t in vec if t in self.vectors[other]),
                key=lambda t: -(vec[t] * self.vectors[other][t]),
            )[:4]
            result.append((other, score, shared))
        return result


def similar_requests(store: Store, request_id: str, *, limit: int = 10) -> list[Match]:
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
        if me.received and row.received:
            a, b = sorted((me.received, row.received))
            if deadlines.working_days_between(a, b, me.law) <= AGGREGATION_WINDOW_DAYS:
                reasons.append("within 60 working days")
                bonus += 0.05
        matches.append(Match(other, score + bonus if score > 0 else 0.0, "; ".join(reasons)))
    matches.sort(key=lambda m: (-m.score, int(m.id)))
    return matches[:limit]
