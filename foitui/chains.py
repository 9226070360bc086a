"""Case chains: a request's prior iterations and linked cases, in the order they arrived.

A chain is what an officer reads before answering: "A was refused on cost (s.12), B narrowed
it, C asks again". It is found by following, from the request, every connection the store
knows, in both directions and transitively:

- links an officer made (prior, duplicate, repeat, aggregate, related), outbound and inbound;
- references found in texts ("FOI 11726", "FOI/2023/0456") that resolve to a request in the
  store, and requests whose texts cite this one;
- links and references to cases the store does not hold, shown as external entries.

Traversal is breadth-first, cycle-safe and limited in depth and size, so a web of "related"
links cannot pull in the whole store. Only requests on the chain are read (`Store.get`).
"""

from __future__ import annotations

import math
import weakref
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from foitui import exemptions as exemption_catalogue
from foitui.models import Outcome, Request, Status
from foitui.refs import number_key, ref_key
from foitui.store import records

if TYPE_CHECKING:
    from foitui.store import Store

MAX_DEPTH = 4
MAX_ENTRIES = 50

THIS = "this request"
REFERENCE = "reference"

_OUTCOME_WORDS = (
    (Outcome.ANSWERED, "answered"),
    (Outcome.PARTLY_ANSWERED, "partly answered"),
    (Outcome.NOT_HELD, "not held"),
    (Outcome.REFUSED, "refused"),
    (Outcome.CLARIFICATION_NEEDED, "clarification needed"),
    (Outcome.PENDING, "pending"),
)


@dataclass(frozen=True, slots=True)
class ChainEntry:
    """One case on the chain: a request in the store, or an external case (`id` None)."""

    id: str | None
    ref: str | None
    title: str
    authority: str | None
    received: date | None
    status: Status | None
    outcome: str  # "refused: 5 refused (s.12)"; "" for an external case
    exemptions: tuple[str, ...]  # citations, "s.12", "s.43(2)"
    depth: int  # connections from the request (0: the request itself)
    connection: str  # THIS, a link kind ("prior", ...), or REFERENCE
    via: str  # how it was reached, in words
    via_id: str | None  # the chain member it was reached from

    @property
    def external(self) -> bool:
        return self.id is None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "ref": self.ref,
            "title": self.title,
            "authority": self.authority,
            "received": self.received.isoformat() if self.received else None,
            "status": self.status.value if self.status else None,
            "outcome": self.outcome,
            "exemptions": list(self.exemptions),
            "depth": self.depth,
            "connection": self.connection,
            "via": self.via,
            "via_id": self.via_id,
            "external": self.external,
        }


@dataclass(frozen=True, slots=True)
class Chain:
    """A request's chain, oldest first (undated cases and external ones last)."""

    request_id: str
    entries: tuple[ChainEntry, ...] = field(default_factory=tuple)
    truncated: bool = False  # the depth or size limit stopped the search: there may be more

    @property
    def position(self) -> int:
        """Where the request itself is in `entries`."""
        return next(i for i, e in enumerate(self.entries) if e.connection == THIS)

    def ids(self) -> list[str]:
        return [e.id for e in self.entries if e.id is not None]

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.request_id,
            "truncated": self.truncated,
            "entries": [e.to_json() for e in self.entries],
        }


def citation(code: str) -> str:
    """ "s12" -> "s.12", "r12(4)(b)" -> "reg. 12(4)(b)"; an unknown code as it is."""
    entry = exemption_catalogue.lookup(code)
    return entry.section if entry is not None else code


def outcome_summary(request: Request) -> tuple[str, tuple[str, ...]]:
    """The request's status and what happened to its questions, with the exemptions cited:
    ("partially successful: 3 answered, 2 refused", ("s.43(2)",))."""
    counts = Counter(q.outcome for q in request.questions)
    parts = [f"{counts[o]} {word}" for o, word in _OUTCOME_WORDS if counts[o]]
    cited = tuple(dict.fromkeys(citation(code) for q in request.questions for code in q.exemptions))
    text = request.status.value.replace("_", " ")
    if parts:
        text += ": " + ", ".join(parts)
    if cited:
        text += f" ({', '.join(cited)})"
    return text, cited


# ------------------------------------------------------------------ who cites a request

# Per store: (number of requests, number_key of a reference text -> ids of requests citing it).
_CITERS: weakref.WeakKeyDictionary[Store, tuple[int, dict[str, list[str]]]]
_CITERS = weakref.WeakKeyDictionary()


def _citer_map(store: Store) -> dict[str, list[str]]:
    """Reference texts of every request by their numbers, from the index (imported texts never
    change). Any spelling that resolves to a ref has the ref's numbers."""
    cached = _CITERS.get(store)
    if cached is not None and cached[0] == len(store):
        return cached[1]
    by_number: dict[str, list[str]] = {}
    for rid in store.ids():
        refs = store.index_row(rid).refs
        if refs:
            for text in refs.split(records.SEP):
                by_number.setdefault(number_key(text), []).append(rid)
    _CITERS[store] = (len(store), by_number)
    return by_number


def citing(store: Store, request_id: str, get: Callable[[str], Request] | None = None) -> list[str]:
    """Ids of requests whose texts contain a reference that resolves to this request.

    `get` reads a request (default `store.get`): pass a caching one to share reads."""
    read = get or store.get
    ref = store.summary(request_id).ref
    if not ref or not number_key(ref):
        return []
    found = []
    for rid in dict.fromkeys(_citer_map(store).get(number_key(ref), [])):
        if rid != request_id and any(r.resolved == request_id for r in read(rid).references):
            found.append(rid)
    return found


# ------------------------------------------------------------------ the chain


@dataclass(frozen=True, slots=True)
class _Edge:
    key: str  # a store id, or "ext:" + the reference's key for a case not in the store
    target: str | None  # store id
    text: str | None  # the reference as written, for an external case
    connection: str
    via: str


def chain(
    store: Store,
    request_id: str,
    *,
    max_depth: int = MAX_DEPTH,
    max_entries: int = MAX_ENTRIES,
    cache: dict[str, Request] | None = None,
) -> Chain:
    """The request's whole chain of prior iterations and linked cases, oldest first.

    Breadth-first from the request: the nearest cases are kept when `max_entries` is reached,
    and nothing further than `max_depth` connections away is followed (`truncated` then says
    that more may exist). `cache` holds requests already read, by id, and gets those read here.
    """
    requests: dict[str, Request] = {} if cache is None else cache

    def get(rid: str) -> Request:
        if rid not in requests:
            requests[rid] = store.get(rid)
        return requests[rid]

    def entry(edge: _Edge, depth: int, via_id: str | None) -> ChainEntry:
        if edge.target is None:
            return ChainEntry(
                id=None,
                ref=edge.text,
                title="",
                authority=None,
                received=None,
                status=None,
                outcome="",
                exemptions=(),
                depth=depth,
                connection=edge.connection,
                via=edge.via,
                via_id=via_id,
            )
        request = get(edge.target)
        outcome, cited = outcome_summary(request)
        return ChainEntry(
            id=edge.target,
            ref=request.ref,
            title=request.title,
            authority=request.authority,
            received=request.received,
            status=request.status,
            outcome=outcome,
            exemptions=cited,
            depth=depth,
            connection=edge.connection,
            via=edge.via,
            via_id=via_id,
        )

    found = {request_id: entry(_Edge(request_id, request_id, None, THIS, ""), 0, None)}
    frontier = [request_id]
    truncated = False
    depth = 0
    while frontier and not truncated:
        depth += 1
        following: list[str] = []
        for rid in frontier:
            for edge in _edges(store, get, rid):
                if edge.key in found:
                    continue
                if depth > max_depth or len(found) >= max_entries:
                    truncated = True
                    break
                found[edge.key] = entry(edge, depth, rid)
                if edge.target is not None:
                    following.append(edge.target)
            if truncated:
                break
        frontier = following
    entries = sorted(
        found.values(),
        key=lambda e: (
            e.received is None,
            e.received or date.min,
            int(e.id) if e.id else math.inf,
            e.depth,
        ),
    )
    return Chain(request_id=request_id, entries=tuple(entries), truncated=truncated)


def _edges(store: Store, get: Callable[[str], Request], rid: str) -> Iterator[_Edge]:
    """Every connection of request `rid`: its links, its references, and who cites it."""
    request = get(rid)
    for link in request.links:
        kind = link.kind.value
        if link.external:
            via = f"#{rid} links to it as {kind} (not in this store)"
            yield _Edge("ext:" + ref_key(link.target), None, link.target, kind, via)
        elif link.target != rid:
            via = f"links to #{rid} as {kind}" if link.inbound else f"#{rid} links to it as {kind}"
            yield _Edge(link.target, link.target, None, kind, via)
    for reference in request.references:
        if reference.resolved and reference.resolved != rid:
            via = f'#{rid} cites it as "{reference.text}"'
            yield _Edge(reference.resolved, reference.resolved, None, REFERENCE, via)
        elif not reference.resolved:
            via = f'#{rid} cites it as "{reference.text}" (not in this store)'
            yield _Edge("ext:" + ref_key(reference.text), None, reference.text, REFERENCE, via)
    for other in citing(store, rid, get):
        text = next((r.text for r in get(other).references if r.resolved == rid), "")
        yield _Edge(other, other, None, REFERENCE, f'cites #{rid} as "{text}"')


def chain_text(chain: Chain) -> str:
    """The chain as plain text, for `foitui chain`: one case a paragraph, oldest first."""
    from foitui.safetext import clean

    out = []
    me = chain.entries[chain.position]
    out.append(
        f"Chain of #{chain.request_id} {clean(me.ref or '(no ref)')}: "
        f"{len(chain.entries)} case{'s' if len(chain.entries) != 1 else ''}"
        + (" (limit reached: there may be more)" if chain.truncated else "")
    )
    for entry in chain.entries:
        mark = ">" if entry.connection == THIS else " "
        received = entry.received.isoformat() if entry.received else "no date   "
        if entry.external:
            out.append(f"{mark} {received}  {'external':<7} {clean(entry.ref or ''):<16}")
        else:
            out.append(
                f"{mark} {received}  #{entry.id:<6} {clean(entry.ref or '-'):<16} "
                f"{clean(entry.title)[:44]}"
            )
            out.append(f"{'':14}{clean(entry.outcome)}")
        if entry.via:
            out.append(f"{'':14}{entry.connection}: {clean(entry.via)}")
    return "\n".join(out) + "\n"
