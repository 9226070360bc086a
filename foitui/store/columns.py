"""The index as it is kept in memory: one list per column, as it is stored on disk.

At 100,000 requests, making one `IndexRow` per request on opening the store took longer than
reading the file. `ColumnIndex` keeps the lists `json.load` produced and makes a row only when
one is asked for; the list's rows (`Summary`) are made a column at a time by `summaries`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from foitui.kinds import Law
from foitui.store.records import INDEX_COLUMNS, LAWS, STATUSES, IndexRow, Summary, status_from_codes

if TYPE_CHECKING:
    from foitui.store.rowcache import RowCache


class ColumnIndex(Mapping[int, IndexRow]):
    """Request id -> IndexRow, backed by columns. Ids are ascending (they are given in order)."""

    def __init__(self, ids: list[int], columns: dict[str, list[Any]]) -> None:
        defaults = IndexRow._field_defaults
        self.ids = ids
        self.columns: dict[str, list[Any]] = {}
        for name in INDEX_COLUMNS:
            if name in columns:
                self.columns[name] = columns[name]
            elif name in defaults:
                self.columns[name] = [defaults[name]] * len(ids)
            else:
                raise ValueError(f"the index has no {name!r} column")
        if any(len(column) != len(ids) for column in self.columns.values()):
            raise ValueError("index columns differ in length")
        self._arrays = [self.columns[name] for name in INDEX_COLUMNS]
        self._positions: dict[int, int] | None = None

    @classmethod
    def empty(cls) -> ColumnIndex:
        return cls([], {name: [] for name in INDEX_COLUMNS})

    def position(self, rid: int) -> int | None:
        """Where request `rid` is in the columns, or None."""
        ids = self.ids
        # Ids are handed out one after another, so usually id n sits at n - first id.
        if ids and ids[-1] - ids[0] == len(ids) - 1:
            pos = rid - ids[0] if isinstance(rid, int) else -1
            return pos if 0 <= pos < len(ids) else None
        if self._positions is None:
            self._positions = {rid: pos for pos, rid in enumerate(ids)}
        return self._positions.get(rid)

    def __getitem__(self, rid: int) -> IndexRow:
        pos = self.position(rid)
        if pos is None:
            raise KeyError(rid)
        return IndexRow._make([column[pos] for column in self._arrays])

    def __contains__(self, rid: object) -> bool:
        return isinstance(rid, int) and self.position(rid) is not None

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def column(self, name: str) -> list[Any]:
        return self.columns[name]

    def extended_by(self, ids: list[int], columns: dict[str, list[Any]]) -> ColumnIndex:
        """This index, with an import's rows (`ids` above every present one, and their
        columns) added at its end in place: a copy of a million requests' columns was 128 MB.
        The columns grow before the ids, so a reader in another thread meanwhile sees the
        rows it saw before, never a row half there."""
        for name in INDEX_COLUMNS:
            self.columns[name].extend(columns[name])
        self.ids.extend(ids)
        self._positions = None
        return self

    def extended(self, rows: list[tuple[int, IndexRow]]) -> ColumnIndex:
        """A new index with `rows` (ids above every present one) added at the end."""
        ids = self.ids + [rid for rid, _ in rows]
        columns = {
            name: self.columns[name] + [row[pos] for _, row in rows]
            for pos, name in enumerate(INDEX_COLUMNS)
        }
        return ColumnIndex(ids, columns)


class CachedIndex(Mapping[int, IndexRow]):
    """The index served from its derived SQLite copy (rowcache.py): one row is one query, so a
    command that edits one request never reads index.json. What needs every row (the list,
    counts, `stats`) gets the columns read from index.json once, on first use (`load`)."""

    def __init__(self, cache: RowCache, load: Callable[[], ColumnIndex]) -> None:
        self.cache = cache
        self._load = load
        self._full: ColumnIndex | None = None
        self._loading = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._full is not None

    def full(self) -> ColumnIndex:
        with self._loading:
            if self._full is None:
                self._full = self._load()
            return self._full

    @property
    def ids(self) -> list[int]:
        return self.full().ids

    @property
    def columns(self) -> dict[str, list[Any]]:
        return self.full().columns

    def position(self, rid: int) -> int | None:
        return self.full().position(rid)

    def extended(self, rows: list[tuple[int, IndexRow]]) -> ColumnIndex:
        return self.full().extended(rows)

    def with_key(self, column: str, key: str) -> list[int]:
        """Ids whose imported `column` ("rk" or "nk") is `key`, ascending."""
        return self.cache.with_key(column, key)

    def items(self) -> Iterator[tuple[int, IndexRow]]:  # type: ignore[override]
        """(id, row) in id order; streamed from the cache while the columns are not loaded."""
        if self._full is not None:
            return iter(self._full.items())
        return self.cache.rows()

    def __getitem__(self, rid: int) -> IndexRow:
        if self._full is not None:
            return self._full[rid]
        row = self.cache.row(rid) if isinstance(rid, int) else None
        if row is None:
            raise KeyError(rid)
        return row

    def __contains__(self, rid: object) -> bool:
        if self._full is not None:
            return rid in self._full
        return isinstance(rid, int) and self.cache.has(rid)

    def __iter__(self) -> Iterator[int]:
        return iter(self._full.ids) if self._full is not None else self.cache.ids()

    def __len__(self) -> int:
        return len(self._full) if self._full is not None else self.cache.count


def _dates(values: list[str | None]) -> list[date | None]:
    # A few hundred distinct days among 100,000 rows: parse each once.
    parsed: dict[str | None, date | None] = {}
    for value in set(values):
        try:
            parsed[value] = date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            parsed[value] = None
    return [parsed[value] for value in values]


def statuses(cols: Mapping[str, list[Any]]) -> list[Any]:
    """Every row's Status, from its set status or else its outcome codes."""
    outcomes: list[str] = cols["outcomes"]
    responded: list[bool] = cols["resp"]
    status_codes = {
        key: status_from_codes(*key) for key in set(zip(outcomes, responded, strict=True))
    }
    return [
        STATUSES[set_status] if set_status else status_codes[(codes, resp)]
        for set_status, codes, resp in zip(cols["status"], outcomes, responded, strict=True)
    ]


def dates(values: list[str | None]) -> list[date | None]:
    """A date column's values as dates (None where there is none, or it is not one)."""
    return _dates(values)


def summaries(
    index: ColumnIndex | CachedIndex, special: Mapping[int, Any], make: Callable[[int], Summary]
) -> list[Summary]:
    """Every request's list row in id order.

    Rows of requests in `special` (with triage state or links pointing at them) come from
    `make(rid)`, the general path; every other row straight from the index columns.
    """
    cols = index.columns
    outcomes: list[str] = cols["outcomes"]
    responded: list[bool] = cols["resp"]
    row_statuses = statuses(cols)
    counts = list(map(len, outcomes))
    pending = [o.count("p") for o in outcomes]
    # tuple.__new__ is what Summary._make calls, minus a Python-level call per row.
    make_row = partial(tuple.__new__, Summary)
    rows = list(
        map(
            make_row,
            zip(
                map(str, index.ids),
                cols["ref"],
                [title or "" for title in cols["title"]],
                cols["authority"],
                [LAWS.get(law, Law.FOI) for law in cols["law"]],
                _dates(cols["received"]),
                _dates(cols["due"]),
                row_statuses,
                counts,
                [n - p for n, p in zip(counts, pending, strict=True)],
                [0] * len(index.ids),
                responded,
                _dates(cols["responded"]),  # as imported (no triage: none set by hand)
                cols["check"],
                # No triage: unassigned, no sign-off asked (Summary's team values).
                [None] * len(index.ids),
                [""] * len(index.ids),
                [None] * len(index.ids),
                strict=True,
            ),
        )
    )
    for rid in special:
        pos = index.position(rid)
        if pos is not None:
            rows[pos] = make(rid)
    return rows
