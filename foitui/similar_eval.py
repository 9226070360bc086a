"""How good is the similar-requests ranking? Figures on a labelled set, and the query time.

    python -m foitui.similar_eval                 # precision@5, recall@5, MRR on the labelled set
    python -m foitui.similar_eval --verbose       # ... and every query's top 5
    python -m foitui.similar_eval --bench 100000  # milliseconds per query at 100,000 requests

The labelled set (tests/data/similar_labels.json) names groups of requests that ask for the same
information, written differently by different people, plus near misses (same authority, requester
or keywords, different information). A query's positives are the other members of its groups.

Precision at 5 is reported two ways. Raw P@5 is hits / 5, the usual figure, but a query with two
positives can score at most 2/5, so its best possible value on this set is below 1 (reported as
`ideal`). Normalised P@5 divides by min(5, positives) instead, so a perfect ranking scores 1.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from foitui.models import Request
    from foitui.store import Store

K = 5
LABELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "similar_labels.json"


@dataclass(frozen=True, slots=True)
class Labels:
    corpus: Path
    groups: dict[str, list[str]]  # subject -> refs
    near_misses: list[str]

    def positives(self, ref: str) -> set[str]:
        found: set[str] = set()
        for refs in self.groups.values():
            if ref in refs:
                found.update(refs)
        found.discard(ref)
        return found


def load_labels(path: Path = LABELS) -> Labels:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Labels(
        corpus=path.parent / data["corpus"],
        groups={g["subject"]: list(g["refs"]) for g in data["groups"]},
        near_misses=[n["ref"] for n in data.get("near_misses", [])],
    )


@dataclass(frozen=True, slots=True)
class QueryResult:
    ref: str
    positives: int
    top: list[tuple[str, float, bool]]  # (ref, score, is positive), best first, up to 10
    hits: int  # positives in the top K

    @property
    def precision(self) -> float:
        return self.hits / K

    @property
    def ideal(self) -> float:
        return min(K, self.positives) / K

    @property
    def normalised(self) -> float:
        return self.hits / min(K, self.positives)

    @property
    def recall(self) -> float:
        return self.hits / self.positives

    @property
    def reciprocal_rank(self) -> float:
        for rank, (_ref, _score, positive) in enumerate(self.top, start=1):
            if positive:
                return 1.0 / rank
        return 0.0


@dataclass(slots=True)
class Evaluation:
    queries: list[QueryResult] = field(default_factory=list)
    # Near misses (no positives): the best score each one gets, to set hint thresholds against.
    near_miss_top: dict[str, float] = field(default_factory=dict)

    def mean(self, name: str) -> float:
        return statistics.fmean(getattr(q, name) for q in self.queries) if self.queries else 0.0

    def figures(self) -> dict[str, float]:
        return {
            "queries": len(self.queries),
            "p_at_5": round(self.mean("precision"), 4),
            "p_at_5_ideal": round(self.mean("ideal"), 4),
            "p_at_5_normalised": round(self.mean("normalised"), 4),
            "recall_at_5": round(self.mean("recall"), 4),
            "mrr": round(self.mean("reciprocal_rank"), 4),
        }


Ranker = Callable[["Store", str, int], list[tuple[str, float]]]


def rank_matches(store: Store, request_id: str, limit: int) -> list[tuple[str, float]]:
    """What users see: `similar_requests`, bonuses for authority and date included."""
    from foitui.similar import similar_requests

    return [(m.id, m.score) for m in similar_requests(store, request_id, limit=limit)]


def rank_text(store: Store, request_id: str, limit: int) -> list[tuple[str, float]]:
    """Text similarity alone (the index's cosine), without bonuses."""
    return [(rid, score) for rid, score, _ in store.similarity_index().ranked(request_id, limit)]


def evaluate(store: Store, labels: Labels, ranker: Ranker = rank_matches) -> Evaluation:
    """Rank every labelled request against the store and score the top K against the labels."""
    by_ref = {row.ref: row.id for row in store.summaries() if row.ref}
    ref_of = {rid: ref for ref, rid in by_ref.items()}
    missing = {r for refs in labels.groups.values() for r in refs} - set(by_ref)
    if missing:
        raise ValueError(f"labelled refs not in the store: {', '.join(sorted(missing))}")
    result = Evaluation()
    for ref in sorted({r for refs in labels.groups.values() for r in refs}):
        positives = labels.positives(ref)
        ranked = ranker(store, by_ref[ref], 10)
        top = [(ref_of.get(rid, rid), score, ref_of.get(rid) in positives) for rid, score in ranked]
        hits = sum(1 for _r, _s, positive in top[:K] if positive)
        result.queries.append(QueryResult(ref, len(positives), top, hits))
    for ref in labels.near_misses:
        ranked = ranker(store, by_ref[ref], 1)
        result.near_miss_top[ref] = ranked[0][1] if ranked else 0.0
    return result


def labelled_store(root: Path, labels: Labels) -> Store:
    """A store at `root` holding the labelled corpus."""
    from foitui.importing import load_corpus
    from foitui.store import Store

    store = Store.open(root)
    imported, _duplicates, errors = load_corpus(store, [labels.corpus], fmt="tsv", skip_bad=False)
    if errors or not imported:
        raise ValueError(f"cannot import {labels.corpus}: {errors}")
    return store


def report(evaluation: Evaluation, *, verbose: bool = False, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    if verbose:
        for q in evaluation.queries:
            print(f"{q.ref} ({q.positives} positives): {q.hits}/{min(K, q.positives)}", file=out)
            for ref, score, positive in q.top[:K]:
                print(f"    {'+' if positive else ' '} {score:.3f} {ref}", file=out)
    for name, value in evaluation.figures().items():
        print(f"{name:>18}: {value}", file=out)
    tops = sorted(evaluation.near_miss_top.values())
    if tops:
        print(
            f"{'near-miss top':>18}: median {statistics.median(tops):.3f}, max {tops[-1]:.3f}",
            file=out,
        )


# ------------------------------------------------------------------ query time at scale

# Two dozen subjects, each with a vocabulary a request draws a few words from.
_TOPICS = {
    "potholes": "pothole carriageway defect repair claim compensation vehicle damage highway "
    "inspection tyre resurfacing",
    "drones": "drone unmanned aerial flight pilot deployment police missing search protest "
    "airspace camera",
    "agency": "agency social worker locum interim recruitment day rate hourly vacancy "
    "children's caseload",
    "housing": "homeless temporary accommodation hotel breakfast placement family household "
    "hostel eviction",
    "exclusions": "exclusion suspension pupil school behaviour academy primary secondary "
    "alternative provision",
    "charging": "electric charger charging point on-street lamp column session tariff "
    "operator vehicle",
    "flytipping": "fly-tipping dumping waste rubbish penalty prosecution clearance "
    "incident lane mattress",
    "bailiffs": "council tax arrears liability order enforcement agent bailiff summons debt fee",
    "facial": "facial recognition watchlist camera alert arrest biometric van retrospective "
    "database",
    "ehcp": "education health care plan assessment tribunal special needs psychologist deadline",
    "parking": "hospital car parking charge permit visitor patient penalty contractor income",
    "ai": "artificial intelligence generative chatbot copilot licence model pilot policy "
    "automation",
    "lighting": "street light switch night lantern energy saving midnight crime collision",
    "gritting": "gritting route salt gritter winter snow ice depot treatment footway",
    "cyber": "cyber ransomware phishing attack breach malware incident backup security insurance",
    "empty": "empty home property premium unoccupied owner derelict bring back use",
    "funerals": "funeral burial cremation estate deceased relative kin bona vacantia",
    "taxis": "hackney carriage private hire driver licence revocation suspension "
    "safeguarding operator",
    "stops": "stop search ethnicity arrest outcome knife weapon authorisation officer",
    "libraries": "library closure opening hour branch volunteer book loan staff mobile",
    "trees": "tree felling felled planting ash dieback street canopy replacement woodland",
    "noise": "noise nuisance complaint abatement neighbour music recording device environmental",
    "bins": "bin collection missed recycling contamination refuse lorry garden food waste",
    "transport": "school transport taxi escort pupil route learner travel eligibility contract",
}
_FILLER = (
    "contracts suppliers budget spend income staff complaints appeals inspections policy "
    "reports minutes audits targets performance monitoring maps locations wards districts "
    "residents businesses schools roads parks hospitals officers teams vehicles equipment "
    "training guidance reviews assessments consultation investigation enforcement licences"
).split()
_PLACES = (
    "Norfolk Sheffield Leeds Wigan Bristol Cardiff Belfast Glasgow Leicester Brighton Kent "
    "Sussex Cornwall Derby Luton Hull York Bath Exeter Preston"
).split()
_SYLLABLES = "ba ce di fo gu ha je ki lo mu na pe ri so tu va we xi yo za".split()


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4)))


def synthetic_requests(n: int, *, seed: int = 7, narrow: bool = False) -> list[Request]:
    """`n` make_request-like records on two dozen subjects, so that term postings have
    realistic lengths: each request takes some of its subject's words, a place, common
    filler words and a few rare names (roads, sites, suppliers) from a Zipf-like pool.

    `narrow` gives every request of a subject all of its words and no rare names: a worst case
    in which each subject word is in about 4% of the store."""
    from foitui.models import Answer, Law, Question, Request, Source

    rng = random.Random(seed)
    start = date(2020, 1, 1)
    topics = [v.split() for v in _TOPICS.values()]
    rare = [_name(rng) for _ in range(20000)]
    out = []
    for i in range(n):
        vocabulary = rng.choice(topics)
        words = list(vocabulary) if narrow else rng.sample(vocabulary, rng.randint(4, 7))
        rng.shuffle(words)
        place = rng.choice(_PLACES)
        extra = rng.sample(_FILLER, 6)
        names = [] if narrow else [rare[int(len(rare) * rng.random() ** 3)] for _ in range(4)]
        title = " ".join(words[:4]).capitalize()
        qs = [
            Question(
                key=str(k),
                label=str(k),
                text=f"How many {' '.join(rng.sample(words, min(3, len(words))))} "
                f"{' '.join(rng.sample(extra, 2))} {' '.join(names[k - 1 : k])}?",
            )
            for k in range(1, 4)
        ]
        out.append(
            Request(
                ref=f"FOI {100000 + i}",
                title=title,
                authority=f"{place} Council",
                law=Law.FOI,
                received=start + timedelta(days=rng.randrange(2200)),
                source=Source(file="synthetic.tsv", line=i + 1, record=i + 1),
                request_text=f"{' '.join(words)} in {place}: {' '.join(extra)} {' '.join(names)}. "
                + " ".join(q.text for q in qs),
                response_text="Answer 1.",
                questions=qs,
                answers=[Answer(questions=["1"], text="Answer 1.")],
            )
        )
    return out


def bench(
    n: int, *, queries: int = 200, root: Path | None = None, narrow: bool = False
) -> dict[str, float]:
    """Build a store of `n` synthetic requests and time similar_requests over random queries."""
    from foitui.similar import similar_requests
    from foitui.store import Store

    with tempfile.TemporaryDirectory(prefix="foitui-bench-") as tmp:
        path = root or Path(tmp) / "store"
        store = Store.open(path)
        started = time.perf_counter()
        if not len(store):
            requests = synthetic_requests(n, narrow=narrow)
            store.import_requests(requests, [f"bench{i}" for i in range(n)])
        imported = time.perf_counter() - started
        store = Store.open(path)
        started = time.perf_counter()
        store.similarity_index()
        build = time.perf_counter() - started
        rng = random.Random(1)
        ids = store.ids()
        times = []
        for rid in rng.sample(ids, min(queries, len(ids))):
            started = time.perf_counter()
            similar_requests(store, rid, limit=10)
            times.append(time.perf_counter() - started)
        times.sort()
        return {
            "requests": len(ids),
            "import_s": round(imported, 1),
            "index_build_s": round(build, 3),
            "query_median_ms": round(statistics.median(times) * 1000, 2),
            "query_p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 2),
            "query_max_ms": round(times[-1] * 1000, 2),
        }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m foitui.similar_eval", description=__doc__)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--verbose", action="store_true", help="print every query's top 5")
    parser.add_argument("--text-only", action="store_true", help="rank by text score alone")
    parser.add_argument("--bench", type=int, metavar="N", help="time queries at N requests")
    parser.add_argument("--bench-store", type=Path, help="reuse (or keep) the bench store here")
    parser.add_argument("--narrow", action="store_true", help="bench: worst-case vocabulary")
    args = parser.parse_args(argv)
    if args.bench:
        for name, value in bench(args.bench, root=args.bench_store, narrow=args.narrow).items():
            print(f"{name:>16}: {value}")
        return 0
    labels = load_labels(args.labels)
    with tempfile.TemporaryDirectory(prefix="foitui-eval-") as tmp:
        store = labelled_store(Path(tmp) / "store", labels)
        evaluation = evaluate(store, labels, rank_text if args.text_only else rank_matches)
        report(evaluation, verbose=args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
