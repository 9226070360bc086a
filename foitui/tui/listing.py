"""Which rows the request list shows, and in what order: pure, so tests need no app.

The predicates and sorts are `foitui.views`' (shared with `foitui list`); this module only
combines them with what the list screen holds: a view, a status, a search result, a sort.
"""

from __future__ import annotations

import contextlib
from array import array
from bisect import bisect_left
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from itertools import compress, filterfalse
from operator import attrgetter
from typing import TYPE_CHECKING, overload

from foitui import views
from foitui.kinds import Status
from foitui.store import Summary
from foitui.store.search import DENSE, Matches
from foitui.tui.labels import counted

if TYPE_CHECKING:
    from foitui.store import Store

#: View name -> its label (in the header line, the views picker and the palette).
VIEWS: dict[str, str] = {
    "all": "all requests",
    "overdue": "overdue",
    "week": f"due within {views.DUE_SOON_DAYS} working days",
    "pending": "with pending questions",
    "clarification": "waiting for clarification",
    "check": "check the split",
    "closed": "closed",
}
SORT_CYCLE = ("urgent", "due", "received", "status", "id")
#: How the header line names each order.
SORT_LABEL: dict[str, str] = {
    "urgent": "open first, most urgent first",
    "due": "by due date",
    "received": "by received date",
    "status": "by status",
    "id": "by id",
}


@dataclass(frozen=True, slots=True)
class ListQuery:
    """What the user asked the list for."""

    view: str = "all"
    status: Status | None = None
    # The open queue: what an officer opens the app for.
    sort: str = "urgent"
    search: str = ""
    # Ids (as ints) matching `search`, from the store's full-text search; None until it ran.
    search_ids: AbstractSet[int] | None = field(default=None, compare=False)
    # An exemption code ("s40(2)", "s12") and the ids of requests citing it.
    exemption: str | None = None
    exemption_ids: frozenset[str] = field(default=frozenset(), compare=False)
    # Whose open requests (foitui/team.py): an officer's login name or `team:NAME`, UNASSIGNED
    # for nobody's; None: everyone's, open or not. `me` is the login name of the user running
    # the app, so the header can say "my queue".
    queue: str | None = None
    me: str = ""

    def with_(self, **changes: object) -> ListQuery:
        return replace(self, **changes)  # type: ignore[arg-type]

    def next_sort(self) -> ListQuery:
        position = SORT_CYCLE.index(self.sort) if self.sort in SORT_CYCLE else -1
        return self.with_(sort=SORT_CYCLE[(position + 1) % len(SORT_CYCLE)])

    @property
    def filtered(self) -> bool:
        return (
            self.view != "all"
            or self.status is not None
            or bool(self.search)
            or self.exemption is not None
            or self.queue is not None
        )


def in_view(row: Summary, view: str, today: date) -> bool:
    if view == "overdue":
        return views.is_overdue(row, today)
    if view == "week":
        return views.is_due_soon(row, today)
    if view == "pending":
        return row.pending > 0 and views.is_open(row)
    if view == "clarification":
        return row.status == Status.WAITING_CLARIFICATION
    if view == "check":
        return bool(row.check)
    if view == "closed":
        return not views.is_open(row)
    return True


#: `ListQuery.queue` for the requests nobody holds.
UNASSIGNED = ""


def queue_label(query: ListQuery) -> str:
    """The queue in words, for the header line ("" when no queue is chosen)."""
    if query.queue is None:
        return ""
    if query.queue == UNASSIGNED:
        return "unassigned queue"
    if query.queue == query.me:
        return f"my queue ({query.queue})"
    if query.queue.startswith("team:"):
        return f"{query.queue} queue"
    return f"{query.queue}'s queue"


def _wanted(query: ListQuery, today: date) -> Callable[[Summary], bool] | None:
    """The filter `query` asks for, except the search (`RowSource` applies that), or None."""
    if (
        query.view == "all"
        and query.status is None
        and query.exemption is None
        and query.queue is None
    ):
        return None
    status = query.status
    exemption_ids = query.exemption_ids if query.exemption is not None else None
    view = query.view
    # A queue is of open requests: what is left to do (None for UNASSIGNED is the assignee).
    queue = query.queue or None
    queued = query.queue is not None

    def wanted(row: Summary) -> bool:
        return (
            (status is None or row.status == status)
            and (exemption_ids is None or row.id in exemption_ids)
            and (not queued or (row.assignee == queue and views.is_open(row)))
            and in_view(row, view, today)
        )

    return wanted


def select_rows(rows: Iterable[Summary], query: ListQuery, today: date) -> list[Summary]:
    """The rows `query` asks for, sorted."""
    return RowSource(rows).select(query, today)


class RowSource:
    """Every request's row, with each order the list is sorted in worked out once.

    Sorting 100,000 rows takes a tenth of a second; filtering an already sorted list takes a
    few milliseconds. So a search keystroke filters the cached order instead of sorting again,
    and tests search results against int ids kept beside each order (no str per row).
    Thread-safe for readers: a cache entry is set whole, at worst computed twice.
    """

    def __init__(self, rows: Iterable[Summary], *, in_id_order: bool = False) -> None:
        self.rows = list(rows)
        self._in_id_order = in_id_order
        self._sorted: dict[str, tuple[list[Summary], list[int]]] = {}
        self._by_id: dict[str, Summary] | None = None

    @property
    def by_id(self) -> dict[str, Summary]:
        """Rows by request id, made on first use (not on the way to the first screen)."""
        if self._by_id is None:
            self._by_id = {row.id: row for row in self.rows}
        return self._by_id

    def replaced(self, changed: Iterable[Summary]) -> RowSource:
        """A source with `changed` rows in place of those with the same ids."""
        new = {row.id: row for row in changed}
        return RowSource([new.get(row.id, row) for row in self.rows], in_id_order=self._in_id_order)

    def sorted(self, sort: str) -> tuple[list[Summary], list[int]]:
        """The rows in `sort` order, and their ids as ints."""
        entry = self._sorted.get(sort)
        if entry is None:
            rows = views.sort_rows(self.rows, sort, in_id_order=self._in_id_order)
            entry = self._sorted[sort] = (rows, list(map(int, map(attrgetter("id"), rows))))
        return entry

    def select(self, query: ListQuery, today: date) -> list[Summary]:
        """The rows `query` asks for, in its order."""
        ordered, ids = self.sorted(query.sort)
        rows: Iterable[Summary] = ordered
        found = query.search_ids if query.search else None
        if isinstance(found, Matches):
            found = found.ids()
        # A search matching every row (the first letter typed, often) keeps the cached order:
        # the superset test runs in C, a filter would be a Python step per row.
        if found is not None and not (len(found) >= len(ids) and found.issuperset(ids)):
            # compress/map keep the per-row test in C: a third faster than a comprehension.
            rows = compress(ordered, map(found.__contains__, ids))
        wanted = _wanted(query, today)
        # Always a new list (a copy costs a third of a millisecond at 100,000 rows): the
        # caller may change it, and a new result should be a new object.
        return list(rows) if wanted is None else list(filter(wanted, rows))

    def status_counts(self) -> Counter[Status]:
        """How many requests have each status (the status picker's counts)."""
        return Counter(map(attrgetter("status"), self.rows))

    def queue_counts(self) -> Counter[str | None]:
        """How many open requests each assignee holds, None counting nobody's (the queue
        picker's counts)."""
        return Counter(row.assignee for row in self.rows if views.is_open(row))


class LazyRows(Sequence[Summary]):
    """Rows in an order of request ids, each made when it is read (the list reads the ones on
    screen): a million requests listed without a million rows in memory."""

    KEPT = 2048  # rows made lately, kept: scrolling back and redrawing cost nothing

    def __init__(self, ids: array[int], row: Callable[[int], Summary]) -> None:
        self.ids = ids
        self._row = row
        self._made: OrderedDict[int, Summary] = OrderedDict()

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Summary: ...
    @overload
    def __getitem__(self, index: slice) -> list[Summary]: ...
    def __getitem__(self, index: int | slice) -> Summary | list[Summary]:
        if isinstance(index, slice):
            return [self._made_row(rid) for rid in self.ids[index]]
        return self._made_row(self.ids[index])

    def _made_row(self, rid: int) -> Summary:
        made = self._made.get(rid)
        if made is None:
            made = self._made[rid] = self._row(rid)
            if len(self._made) > self.KEPT:
                self._made.popitem(last=False)
        return made

    def __iter__(self) -> Iterator[Summary]:
        return map(self._made_row, self.ids)

    def index_of(self, request_id: str) -> int | None:
        """Where request `request_id` is, or None (a scan of packed ints, in C)."""
        try:
            return self.ids.index(int(request_id))
        except ValueError:
            return None

    def put(self, row: Summary) -> bool:
        """Show `row` for its request from now on; False when it is not listed here."""
        if self.index_of(row.id) is None:
            return False
        self._made[int(row.id)] = row
        return True


class SearchRows(LazyRows):
    """The rows of an order (`order`, ids) that a search matched, found as they are read.

    At a million requests a search for one or two letters matches hundreds of thousands:
    filtering the whole order takes 40-100 ms, yet the list shows a screenful. So the order is
    walked only as far as the rows read (the screen, the cursor's row); its count comes from
    the search. Reading far down (the end key, a dragged scrollbar) filters the whole order
    once, with the matches as a set (`every`). Same rows, same order as filtering at once.

    `count` None: the matches are still being counted (Matches.counted, in the screen's
    worker). Until `set_count`, the rows are those found so far (`counting` is True).
    """

    #: Up to this many rows, filtering the whole order costs a few milliseconds: done at once.
    FEWEST = 30_000
    #: Matching at least 1/DENSE of the rows: the walk tests ids in the search's text, or
    #: asks the index (Matches.among).
    DENSE = DENSE
    #: Matching fewer than 1/SPARSE: walking to a screenful would test too many.
    SPARSE = 64
    #: Rows found before the list first draws them (a screenful; the list reads any more).
    HEAD = 32
    #: Ids tested at a time: as many as tested so far (a tenth of a millisecond for 32 in
    #: the index, growing as the reader goes further), within these bounds.
    STEP = 32
    MOST_AT_ONCE = 1024
    #: Reading beyond this many order ids in, the whole order is filtered instead: a test in
    #: the text costs ~12 us, in the index ~26 us, in a set ~50 ns (and a sparser set needs a
    #: longer walk).
    FAR_IN_TEXT = 2048
    FAR_IN_SET = 32_768

    def __init__(
        self,
        order: array[int],
        among: Callable[[array[int]], Iterable[int]],
        count: int | None,
        row: Callable[[int], Summary],
        every: Callable[[], AbstractSet[int]],
        *,
        far: int,
    ) -> None:
        super().__init__(array("i"), row)
        self._order = order
        self._among = among  # those of some ids that match, in order
        self._count = count
        self._every = every
        self._far = far
        self._walked = 0  # order ids tested so far

    def __len__(self) -> int:
        return len(self.ids) if self._count is None else self._count

    @property
    def counting(self) -> bool:
        """Whether the matches are still being counted (the length is the rows found yet)."""
        return self._count is None

    def set_count(self, count: int) -> None:
        """How many match, once counted: the length from now on."""
        self._count = count
        if len(self.ids) >= count:
            self._walked = len(self._order)
        elif count == len(self._order):
            # Every listed id matches (the source checked that every match is listed).
            self.ids, self._walked = self._order, len(self._order)

    @overload
    def __getitem__(self, index: int) -> Summary: ...
    @overload
    def __getitem__(self, index: slice) -> list[Summary]: ...
    def __getitem__(self, index: int | slice) -> Summary | list[Summary]:
        if isinstance(index, slice):
            self._all()
            return super().__getitem__(index)
        length = len(self)
        if index < 0:
            index += length
        if not 0 <= index < length:
            raise IndexError(index)
        self._reach(index)
        return self._made_row(self.ids[index])

    def __iter__(self) -> Iterator[Summary]:
        self._all()
        return super().__iter__()

    def head(self) -> None:
        """Find the first screenful now."""
        if self._count is None:
            self._reach(self.HEAD - 1)
        elif self._count:
            self._reach(min(self.HEAD, self._count) - 1)

    def index_of(self, request_id: str) -> int | None:
        rid = int(request_id)
        if not any(self._among(array("i", [rid]))):
            return None
        while True:
            with contextlib.suppress(ValueError):
                return self.ids.index(rid)
            if self._walked >= len(self._order):
                return None
            self._reach(len(self.ids))

    def index_near(self, request_id: str) -> int | None:
        """`index_of`, to keep the cursor on a row after a new search: a row further down the
        order than a walk goes (`far`) is not looked for while the rest are unknown (None: the
        list starts at its first match), since finding it would test every id above it (at a
        million, 0.1-0.2 s for the last row)."""
        if self._walked < len(self._order):
            try:
                place = self._order.index(int(request_id))
            except ValueError:
                return None
            if place >= max(self._far, self._walked):
                return None
        return self.index_of(request_id)

    def _reach(self, index: int) -> None:
        """Walk the order until row `index` is found."""
        ids, order, among = self.ids, self._order, self._among
        while len(ids) <= index and self._walked < len(order):
            if self._walked >= self._far:
                self._all()
                return
            end = self._walked + self._step(index + 1 - len(ids))
            ids.extend(among(order[self._walked : end]))
            self._walked = end
            if self._count is not None and len(ids) >= self._count:
                self._walked = len(order)  # every match found: nothing further down
        if self._count is None and self._walked >= len(order):
            self._count = len(ids)

    def _step(self, wanted: int) -> int:
        """How many order ids to test next to find `wanted` more rows: as many as the share
        found so far says, a quarter more (not doubling the walk each time: at a million
        requests each id tested in the index costs 10-40 us), within STEP and MOST_AT_ONCE."""
        step = max(self.STEP, self._walked)
        if self._walked >= self.STEP and self.ids:
            step = wanted * self._walked // len(self.ids) * 5 // 4
        return min(max(step, self.STEP), self.MOST_AT_ONCE)

    def _all(self) -> None:
        if self._walked < len(self._order):
            every = self._every()
            self.ids = array("i", filter(every.__contains__, self._order))
            self._walked = len(self._order)
            self._count = len(self.ids)


class _LazyById(Mapping[str, Summary]):
    """`RowSource.by_id` of a `LazySource`: membership and single rows without making all."""

    def __init__(self, source: LazySource) -> None:
        self._source = source

    def __contains__(self, request_id: object) -> bool:
        return isinstance(request_id, str) and self._source.has(request_id)

    def __getitem__(self, request_id: str) -> Summary:
        if request_id not in self:
            raise KeyError(request_id)
        return self._source.row(int(request_id))

    def __iter__(self) -> Iterator[str]:
        return map(str, self._source.rows.ids)

    def __len__(self) -> int:
        return len(self._source.rows)

    def values(self):  # type: ignore[override]
        return self._source.full().by_id.values()

    def items(self):  # type: ignore[override]
        return self._source.full().by_id.items()


class LazySource:
    """`RowSource` for a big store opened through its row cache: the orders come from the
    store (Store.list_order: every id, sorted as imported) with the few requests whose rows
    differ (Store.special_ids: edited, linked) put where they now go; rows are made as the
    list draws them. A search filters ids; the views, the status and exemption filters and
    the queues are answered from index.sqlite too (Store.list_matching: SQL over the index
    columns), with the special rows judged by making them: no filter makes every row."""

    # Beyond this many edited or linked requests, putting each in place costs more than
    # making every row.
    MOST_SPECIAL = 5000

    def __init__(
        self,
        store: Store,
        special: AbstractSet[int] | None = None,
        made: Mapping[int, Summary] | None = None,
    ) -> None:
        self._store = store
        self._special = set(store.special_ids() if special is None else special)
        # The special rows made so far, each once: every filter, count and order judges
        # them (a few thousand at most: MOST_SPECIAL).
        self._made: dict[int, Summary] = dict(made or {})
        self._sorted: dict[str, array[int]] = {}
        self._place: dict[str, array[int]] = {}
        self._whole: RowSource | None = None
        self._rows: LazyRows | None = None
        self._unfiltered: dict[str, LazyRows] = {}

    @classmethod
    def of(cls, store: Store) -> LazySource | None:
        """A lazy source for `store`, or None when its list has to be made whole."""
        if store.list_order("id") is None:
            return None
        source = cls(store)
        return source if len(source._special) <= cls.MOST_SPECIAL else None

    def row(self, rid: int) -> Summary:
        if rid not in self._special:
            return self._store.row_of(rid)
        made = self._made.get(rid)
        if made is None:
            made = self._made[rid] = self._store.row_of(rid)
        return made

    def longest(self, columns: Sequence[str]) -> dict[str, int] | None:
        """The longest value of each column over every row (edited rows included), without
        making the rows: the list's column widths (request_table.measure)."""
        found = self._store.longest(columns)
        if found is None:
            return None
        for rid in self._special:
            row = self.row(rid)
            for name in columns:
                found[name] = max(found[name], len(getattr(row, name) or ""))
        return found

    def has(self, request_id: str) -> bool:
        return request_id.isdigit() and self._store.has(int(request_id))

    @property
    def rows(self) -> LazyRows:
        """Every row, in id order."""
        if self._rows is None:
            self._rows = LazyRows(self.sorted_ids("id"), self.row)
        return self._rows

    @property
    def by_id(self) -> Mapping[str, Summary]:
        return self._whole.by_id if self._whole is not None else _LazyById(self)

    def full(self) -> RowSource:
        """Every row made (what the filters other than search need), once."""
        if self._whole is None:
            self._whole = RowSource(self._store.summaries(), in_id_order=True)
        return self._whole

    def replaced(self, changed: Iterable[Summary]) -> LazySource:
        """A source where the `changed` rows go where their new values put them."""
        ids = {int(row.id) for row in changed}
        made = {rid: row for rid, row in self._made.items() if rid not in ids}
        made.update((int(row.id), row) for row in changed)
        source = LazySource(self._store, self._special | ids, made)
        if self._whole is not None:
            source._whole = self._whole.replaced(changed)
        return source

    def sorted_ids(self, sort: str) -> array[int]:
        """Every id in `sort` order: the kept order, with the special rows moved into place."""
        ids = self._sorted.get(sort)
        if ids is not None:
            return ids
        base = self._store.list_order(sort)
        if base is None:  # the store was re-read (an import elsewhere): make it whole
            ordered = self.full().sorted(sort)[1]
            ids = array("i", ordered)
        elif not self._special or sort == "id":
            ids = base
        else:
            special = self._special
            ids = array("i", filterfalse(special.__contains__, base))
            key = views.sort_key(sort)
            row = self.row
            for rid in special:
                if not self.has(str(rid)):
                    continue
                wanted = key(row(rid))
                # Each probe makes one row: about 20 for a million.
                at = bisect_left(ids, wanted, key=lambda other: key(row(other)))
                ids.insert(at, rid)
        self._sorted[sort] = ids
        return ids

    def unfiltered(self, query: ListQuery) -> LazyRows | None:
        """Every row in `query`'s order when it asks for no filter and that order is at hand:
        the same rows each time (those made are kept), so Escape out of a search shows them
        at once, without a worker. None otherwise (then `select`)."""
        if query.filtered or self._whole is not None or query.sort not in self._sorted:
            return None
        rows = self._unfiltered.get(query.sort)
        if rows is None:
            rows = self._unfiltered[query.sort] = LazyRows(self._sorted[query.sort], self.row)
        return rows

    def select(self, query: ListQuery, today: date) -> Sequence[Summary]:
        """The rows `query` asks for, in its order."""
        if self._whole is not None:
            return self.full().select(query, today)
        ids = self.sorted_ids(query.sort)
        if not query.filtered:
            return self.unfiltered(query) or LazyRows(ids, self.row)
        found = query.search_ids if query.search else None
        wanted = _wanted(query, today)
        if wanted is not None:
            kept = self._kept(query, today, wanted)
            if kept is None:
                return self.full().select(query, today)
            ids = array("i", filter(kept.__contains__, ids))
            if isinstance(found, Matches):
                found = found.ids()
        elif isinstance(found, Matches):
            if found.count is None and len(ids) > SearchRows.FEWEST and self._within(found):
                # Many, still being counted: tested as the list reads them.
                rows = SearchRows(
                    ids, found.among, None, self.row, found.ids, far=SearchRows.FAR_IN_TEXT
                )
                rows.head()
                return rows
            if found.everything and len(found) >= len(ids):
                # The index holds every request (FullText.matches says so only then).
                return LazyRows(ids, self.row)
            if len(ids) > SearchRows.FEWEST and found.in_id_order and self._within(found):
                return self._searched(ids, found, query.sort)
            found = found.ids()
        if found is not None and not (len(found) >= len(ids) and found.issuperset(ids)):
            ids = array("i", filter(found.__contains__, ids))
        return LazyRows(ids, self.row)

    def _kept(
        self, query: ListQuery, today: date, wanted: Callable[[Summary], bool]
    ) -> AbstractSet[int] | None:
        """The ids of the requests the filters of `query` (`wanted`, all but the search) keep:
        the index's answer for rows as imported, the special rows judged by making them. None
        when the store cannot answer from its index (then every row is made)."""
        if query.view == "all" and query.status is None and query.queue is None:
            kept: set[int] | None = None  # only the exemption: a set of ids already
            judge: AbstractSet[int] = self._special
        else:
            found = self._store.list_matching(query.view, query.status, query.queue, today)
            if found is None:
                return None
            matched, untold = found
            kept = set(matched)
            kept.difference_update(self._special)
            judge = self._special.union(untold)
        if query.exemption is not None:
            citing = {int(rid) for rid in query.exemption_ids if rid.isdigit()}
            citing.difference_update(judge)
            if kept is None:
                kept = {rid for rid in citing if self._store.has(rid)}
            else:
                kept &= citing
        assert kept is not None
        for rid in judge:
            if self._store.has(rid) and wanted(self.row(rid)):
                kept.add(rid)
        return kept

    def status_counts(self) -> Counter[Status]:
        """How many requests have each status: the index's counts, corrected by the special
        rows (their index status out, their made row's status in)."""
        if self._whole is not None:
            return self._whole.status_counts()
        counts = self._store.list_status_counts()
        if counts is None:
            return self.full().status_counts()
        counts.subtract(self._store.list_statuses(self._special).values())
        counts.update(self.row(rid).status for rid in self._special if self._store.has(rid))
        return +counts

    def queue_counts(self) -> Counter[str | None]:
        """How many open requests each assignee holds, None counting nobody's: the index's
        open count is nobody's (an imported request is unassigned), corrected by the special
        rows (assignments are triage edits: their index rows out, their made rows in)."""
        if self._whole is not None:
            return self._whole.queue_counts()
        opened = self._store.list_open_count()
        if opened is None:
            return self.full().queue_counts()
        counts: Counter[str | None] = Counter({None: opened})
        counts[None] -= len(self._store.list_open(self._special))
        for rid in self._special:
            if self._store.has(rid) and views.is_open(row := self.row(rid)):
                counts[row.assignee] += 1
        return +counts

    def _within(self, found: Matches) -> bool:
        """Whether every id `found` holds is listed: then their count is the rows' count.
        (The index may hold requests another process imported that this one has not read.)"""
        bounds = found.bounds()
        if bounds is None:
            return True
        every = self.sorted_ids("id")
        if not every:
            return False
        contiguous = len(every) == every[-1] - every[0] + 1
        return contiguous and every[0] <= bounds[0] and bounds[1] <= every[-1]

    def _searched(self, ids: array[int], found: Matches, sort: str) -> Sequence[Summary]:
        """The rows of `ids` that `found` holds, in order, choosing by how many there are:
        - many (an eighth of all or more): tested as the list reads them (SearchRows), each
          test a binary search in `found`'s text; a screenful costs a few hundred tests;
        - fewer: as a set (tens of milliseconds for 100,000), still tested as read;
        - few (under 1/64th): put in order by each one's place in `ids`."""
        total = len(ids)
        if not found:
            return LazyRows(array("i"), self.row)
        if len(found) * SearchRows.DENSE >= total:
            among = found.among
            rows = SearchRows(
                ids, among, len(found), self.row, found.ids, far=SearchRows.FAR_IN_TEXT
            )
        elif len(found) * SearchRows.SPARSE >= total:
            among = partial(filter, found.ids().__contains__)
            rows = SearchRows(
                ids, among, len(found), self.row, found.ids, far=SearchRows.FAR_IN_SET
            )
        else:
            place = self._places(sort)
            at = sorted(map(place.__getitem__, found.ids()))
            return LazyRows(array("i", map(ids.__getitem__, at)), self.row)
        rows.head()  # the first screenful, here in the worker, not while drawing
        return rows

    def _places(self, sort: str) -> array[int]:
        """Each id's place in `sort` order, indexed by id: made once per order (a few tens of
        milliseconds at a million) for searches matching few requests."""
        places = self._place.get(sort)
        if places is None:
            ids = self.sorted_ids(sort)
            places = array("i", bytes(4 * (max(ids, default=0) + 1)))
            deque(map(places.__setitem__, ids, range(len(ids))), maxlen=0)
            self._place[sort] = places
        return places


def describe(query: ListQuery, shown: int | None, total: int) -> str:
    """The header line: counts and every active filter, in words. `shown` None: the rows
    shown are a search's first, the rest still being counted."""
    requests = counted(total, "request")
    matched = "counting… of" if shown is None else f"{shown:,} of"
    parts = [f"{matched} {requests}" if query.filtered else requests]
    if query.queue is not None:
        parts.append(queue_label(query))
    if query.view != "all":
        parts.append(VIEWS[query.view])
    if query.status is not None:
        parts.append(f"status {query.status.value}")
    if query.exemption is not None:
        parts.append(f"citing {query.exemption}")
    if query.search:
        parts.append(f'search "{query.search}"' + ("…" if query.search_ids is None else ""))
    parts.append(SORT_LABEL.get(query.sort, f"sort {query.sort}"))
    return " · ".join(parts)
