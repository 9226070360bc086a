"""A derived SQLite copy of index.json (STORE/index.sqlite), so that opening a store does not
read the whole index.

index.json stays the source of truth (a person can read it; backups and restore copy it). At
1,000,000 requests it is ~400 MB of JSON: parsing it takes seconds, yet one `foitui mark`
needs one row of it. This file holds the same rows, one JSON array per request id, the
index's meta table and outbox, and the stamp (mtime, size, inode) of the index.json it was
made from. It is used only while that stamp matches: anything else (index.json replaced by
another foitui, a restore, an older foitui, a damaged or missing file) makes it stale, and
the store reads index.json as before and makes it again. So it can be deleted at any time,
and its damage never loses data.

Layout:
- ``meta(key, value)``: ``source`` (the stamp, JSON), ``meta`` and ``outbox`` (index.json's
  tables, JSON), ``columns`` (records.INDEX_COLUMNS when made: a new column makes it stale),
  ``first``, ``last``, ``count`` (ids), ``version`` (SCHEMA_VERSION below).
- ``rows(id, <every records.INDEX_COLUMNS>)``: one SQL column per index column, untyped (each
  value kept as it is: text, number or NULL; `bool` columns come back as bools), so a new
  index column needs nothing here; ``rk``/``nk`` (records.IndexRow) are indexed, for finding
  a request by its reference without reading every row.
- ``orders(sort, ids)``: the request ids in each order of the list (ordering.SORTS), as packed
  32-bit ints, for requests as imported (no triage state, the default settings): the app's
  list starts from these instead of sorting every row (listing.LazySource). SQLite sorts
  them over the rows table when the cache is made or an import adds to it (`list_orders`).
- ``tallies(<TALLIED>, n)``: how many rows have each combination of what the list's pickers
  count them by (the status set by hand, the outcome codes, whether a response is held and
  whether its date is recorded, the exemption cells, how many questions): a few dozen to a
  few thousand at any size, so the status, exemption and queue pickers count a million rows
  without reading them (tallies.py). Made with the rows; an import adds its own rows' counts.
  ``rows_exemptions`` indexes the rows by their exemption cells: the requests citing an
  exemption are found without a scan.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from foitui.store import ordering
from foitui.store.files import FILE_MODE, TMP_MARK, fsync_dir
from foitui.store.records import INDEX_COLUMNS, STATUSES, IndexRow, status_from_codes

SCHEMA_VERSION = 5  # 5: tallies, and the rows by exemptions (the pickers' counts and ids)

Stamp = tuple[int, int, int]

_NAMES = ", ".join(f'"{name}"' for name in INDEX_COLUMNS)
#: What the tallies count rows by (see the module docstring), as SQL over a row's columns;
#: never NULL, so that equal combinations are one tally. A row's responded date, as
#: viewsql's open test reads it: recorded or not (the import writes only ISO dates there).
TALLIED = (
    "coalesce(\"status\", '')",
    "coalesce(\"outcomes\", '')",
    'coalesce("resp", 0)',
    "coalesce(\"responded\", '') != ''",
    "coalesce(\"exemptions\", '')",
    # The question keys are SEP-joined (records.question_keys): count the separators.
    "CASE WHEN coalesce(\"keys\", '') = '' THEN 0"
    ' ELSE length("keys") - length(replace("keys", char(31), \'\')) + 1 END',
)
_TALLY = ", ".join(TALLIED)
_GROUPED = ", ".join(str(i + 1) for i in range(len(TALLIED)))
_SCHEMA = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"CREATE TABLE rows(id INTEGER PRIMARY KEY, {_NAMES})",
    "CREATE TABLE orders(sort TEXT PRIMARY KEY, ids BLOB NOT NULL)",
    "CREATE TABLE tallies(status, outcomes, resp, answered, exemptions, questions, n)",
    "CREATE INDEX rows_rk ON rows(rk) WHERE rk != ''",
    "CREATE INDEX rows_nk ON rows(nk) WHERE nk != ''",
    "CREATE INDEX rows_exemptions ON rows(exemptions)",
)
_TABLES = 4  # the first statements of _SCHEMA make the tables; the rest, indexes
_INSERT_TALLIES = f"INSERT INTO tallies VALUES (?{', ?' * len(TALLIED)})"
_INSERT = f"INSERT INTO rows VALUES (?{', ?' * len(INDEX_COLUMNS)})"
#: Columns SQLite gives back as 0 or 1.
_BOOLS = tuple(
    i for i, name in enumerate(INDEX_COLUMNS) if IndexRow.__annotations__.get(name) == "bool"
)


def _row(values: Sequence[Any]) -> IndexRow:
    if _BOOLS:
        values = list(values)
        for i in _BOOLS:
            values[i] = bool(values[i])
    return IndexRow._make(values)


def stamp_of(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class RowCache:
    """An open index.sqlite whose rows are those of index.json as of `stamp`."""

    def __init__(self, conn: sqlite3.Connection, meta: dict[str, Any]) -> None:
        self._conn = conn
        self.meta: dict[str, Any] = meta["meta"]
        self.outbox: dict[str, Any] | None = meta.get("outbox")
        self.first: int = meta["first"]
        self.last: int = meta["last"]
        self.count: int = meta["count"]

    @property
    def contiguous(self) -> bool:
        return self.count == 0 or self.last - self.first + 1 == self.count

    def row(self, rid: int) -> IndexRow | None:
        if not self.first <= rid <= self.last:
            return None
        found = self._conn.execute(f"SELECT {_NAMES} FROM rows WHERE id = ?", (rid,)).fetchone()
        return _row(found) if found else None

    def has(self, rid: int) -> bool:
        if not self.first <= rid <= self.last:
            return False
        if self.contiguous:
            return True
        return self._conn.execute("SELECT 1 FROM rows WHERE id = ?", (rid,)).fetchone() is not None

    def ids(self) -> Iterator[int]:
        if self.contiguous:
            return iter(range(self.first, self.last + 1)) if self.count else iter(())
        cursor = self._conn.execute("SELECT id FROM rows WHERE id <= ? ORDER BY id", (self.last,))
        return (rid for (rid,) in cursor)

    def rows(self) -> Iterator[tuple[int, IndexRow]]:
        """Every (id, row) in id order, read as they are used: memory stays the same at any
        size."""
        cursor = self._conn.execute(
            f"SELECT id, {_NAMES} FROM rows WHERE id <= ? ORDER BY id", (self.last,)
        )
        return ((values[0], _row(values[1:])) for values in cursor)

    def longest(self, columns: Sequence[str]) -> dict[str, int]:
        """The length of the longest value of each of `columns` (index columns), by SQLite's
        own scan: the list's column widths without making a row."""
        lengths = ", ".join(f'max(length("{name}"))' for name in columns)
        found = self._conn.execute(
            f"SELECT {lengths} FROM rows WHERE id <= ?", (self.last,)
        ).fetchone()
        return {name: int(value or 0) for name, value in zip(columns, found, strict=True)}

    def ids_where(self, condition: str, params: Sequence[Any] = ()) -> array[int]:
        """Ids of the rows for which SQL `condition` (over the index columns, e.g. viewsql's)
        holds, ascending: SQLite's own scan, no row made."""
        found = self._conn.execute(
            f"SELECT id FROM rows WHERE id <= ? AND ({condition}) ORDER BY id",
            (self.last, *params),
        )
        return array("i", [rid for (rid,) in found])

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows of `sql`, a query over the rows table whose one parameter is the last id
        (rows beyond it are an import this cache is not yet in step with)."""
        return self._conn.execute(sql, (self.last,)).fetchall()

    def values_of(self, expression: str, ids: Iterable[int]) -> dict[int, tuple[Any, ...]]:
        """The values of SQL `expression` (columns, comma-separated) for each of `ids` present."""
        found = self._conn.execute(
            f"SELECT id, {expression} FROM rows WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(ids)),),
        )
        return {values[0]: values[1:] for values in found}

    def tallies(self) -> list[tuple[Any, ...]]:
        """The tallies of the rows up to the last id (see the module docstring): each row of
        the table, its TALLIED values and its count. Made from the rows when the table counts
        more rows than this cache holds (another process's import extended the file since)."""
        found = self._conn.execute(
            "SELECT * FROM tallies WHERE (SELECT value FROM meta WHERE key = 'last') = ?",
            (json.dumps(self.last),),  # one statement: the table and `last` of one moment
        ).fetchall()
        if found or not self.count:
            return found
        return self.fetch(f"SELECT {_TALLY}, count(*) FROM rows WHERE id <= ? GROUP BY {_GROUPED}")

    def with_exemptions(
        self, cells: Iterable[str], partly: Iterable[tuple[str, int]] = ()
    ) -> set[int]:
        """Ids of the rows whose exemption cells (records.IndexRow.exemptions) are one of
        `cells`, and of those whose (cells, questions: TALLIED's last) are one of `partly`
        (tallies.citing's answer), by the rows_exemptions index: no scan."""
        among = "exemptions IN (SELECT value FROM json_each(?)) AND id <= ?"
        found = self._conn.execute(
            f"SELECT id FROM rows WHERE {among}", (json.dumps(sorted(set(cells))), self.last)
        )
        ids = {rid for (rid,) in found}
        wanted = set(partly)
        if wanted:
            found = self._conn.execute(
                f"SELECT id, exemptions, {TALLIED[-1]} FROM rows WHERE {among}",
                (json.dumps(sorted({cells for cells, _ in wanted})), self.last),
            )
            ids.update(rid for rid, *pair in found if tuple(pair) in wanted)
        return ids

    def exemption_cells(self, ids: Iterable[int]) -> dict[int, tuple[str, int]]:
        """Each of `ids`' exemption cells and questions (TALLIED's last two), where present."""
        found = self.values_of(", ".join(TALLIED[-2:]), ids)
        return {rid: (cells, questions) for rid, (cells, questions) in found.items()}

    def order(self, sort: str) -> array[int] | None:
        """The ids in `sort` order (see the module docstring), or None when not kept."""
        try:
            found = self._conn.execute("SELECT ids FROM orders WHERE sort = ?", (sort,)).fetchone()
        except sqlite3.Error:
            return None
        if found is None:
            return None
        ids = array("i")
        ids.frombytes(found[0])
        return ids if len(ids) == self.count else None

    def with_key(self, column: str, key: str) -> list[int]:
        """Ids whose imported `rk` or `nk` is `key`, ascending."""
        if column not in ("rk", "nk") or not key:
            return []
        found = self._conn.execute(
            f"SELECT id FROM rows WHERE {column} = ? AND id <= ? ORDER BY id", (key, self.last)
        )
        return [rid for (rid,) in found]

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()


def open_cache(path: Path, source: Stamp | None) -> RowCache | None:
    """The cache at `path` if it was made from index.json as stamped `source`; else None."""
    if source is None or not path.exists():
        return None
    conn = None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        values = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        meta = {key: json.loads(value) for key, value in values.items()}
        if (
            meta.get("version") != SCHEMA_VERSION
            or meta.get("columns") != list(INDEX_COLUMNS)
            or meta.get("source") != list(source)
            or not isinstance(meta.get("meta"), dict)
        ):
            conn.close()
            return None
        return RowCache(conn, meta)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        return None


def _meta_rows(
    source: Stamp,
    meta: dict[str, Any],
    outbox: dict[str, Any] | None,
    first: int,
    last: int,
    count: int,
) -> list[tuple[str, str]]:
    values = {
        "version": SCHEMA_VERSION,
        "columns": list(INDEX_COLUMNS),
        "source": list(source),
        "meta": meta,
        "outbox": outbox,
        "first": first,
        "last": last,
        "count": count,
    }
    return [(key, json.dumps(value, ensure_ascii=False)) for key, value in values.items()]


def _values(rows: Iterable[tuple[int, Sequence[Any]]]) -> Iterator[tuple[Any, ...]]:
    for rid, row in rows:
        yield (rid, *row)


def write_cache(
    path: Path,
    source: Stamp,
    meta: dict[str, Any],
    outbox: dict[str, Any] | None,
    ids: list[int],
    rows: Iterable[Sequence[Any]],
) -> None:
    """Make the cache anew from every row (written aside, then put in place whole)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}{TMP_MARK}", dir=path.parent)
    os.close(fd)
    try:
        os.chmod(tmp_name, FILE_MODE)
        conn = sqlite3.connect(tmp_name)
        try:
            conn.execute("PRAGMA journal_mode = OFF")  # a new file, put in place when whole
            conn.execute("PRAGMA synchronous = OFF")
            for statement in _SCHEMA[:_TABLES]:
                conn.execute(statement)
            conn.executemany(_INSERT, _values(zip(ids, rows, strict=True)))
            conn.executemany("INSERT INTO orders VALUES (?, ?)", list_orders(conn).items())
            conn.execute(
                f"INSERT INTO tallies SELECT {_TALLY}, count(*) FROM rows GROUP BY {_GROUPED}"
            )
            for statement in _SCHEMA[_TABLES:]:
                conn.execute(statement)
            first, last = (ids[0], ids[-1]) if ids else (0, -1)
            conn.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                _meta_rows(source, meta, outbox, first, last, len(ids)),
            )
            conn.commit()
        finally:
            conn.close()
        fd = os.open(tmp_name, os.O_RDONLY)  # on disk before it is put in place
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_dir(path.parent)


def list_orders(conn: sqlite3.Connection) -> dict[str, bytes]:
    """The request ids of every row in each order of the list but id (ordering.SORTS), as
    `sort_rows` orders rows with the default settings, packed: sorted by SQLite over the
    rows table, not in Python (whose keys and indexes for a million rows, 140 MB, were the
    peak of a big import's memory). A row's status is its set status, else what its outcome
    codes and response give: worked out once for each of the few combinations of those."""
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS combo(status, outcomes, resp, rank INTEGER, grp INTEGER)"
    )
    conn.execute("DELETE FROM combo")
    combos = []
    for set_status, codes, resp in conn.execute(
        'SELECT DISTINCT coalesce("status", \'\'), "outcomes", "resp" FROM rows'
    ).fetchall():
        status = STATUSES[set_status] if set_status else status_from_codes(codes, bool(resp))
        rank, group = ordering.STATUS_RANK[status], ordering.urgency_group(status)
        combos.append((set_status, codes, resp, rank, group))
    conn.executemany("INSERT INTO combo VALUES (?, ?, ?, ?, ?)", combos)
    day = 'julianday(r."{}")'
    due, received, responded = day.format("due"), day.format("received"), day.format("responded")
    # A closed request, or one whose response date is recorded, goes last, latest due first;
    # the rest soonest due first; no due date last in each (ordering.urgency).
    group = f"(CASE WHEN c.grp = 2 OR {responded} IS NOT NULL THEN 2 ELSE c.grp END)"
    keys = {
        "due": f"{due} IS NULL, {due}",
        "received": f"{received} IS NULL, {received}",
        "status": "c.rank",
        "urgent": f"{group}, {due} IS NULL, CASE WHEN {group} = 2 THEN -{due} ELSE {due} END",
    }
    join = (
        "FROM rows r JOIN combo c ON c.status = coalesce(r.\"status\", '') "
        'AND c.outcomes IS r."outcomes" AND c.resp IS r."resp"'
    )
    orders = {}
    for sort, key in keys.items():
        ids = array(
            "i", (rid for (rid,) in conn.execute(f"SELECT r.id {join} ORDER BY {key}, r.id"))
        )
        orders[sort] = ids.tobytes()
    return orders


def _add_tallies(conn: sqlite3.Connection, after: int) -> None:
    """Add the counts of the rows beyond id `after` (an import's) to the tallies: the cost is
    the import's rows' and the tallies' (few), not the store's."""
    tallies: Counter[tuple[Any, ...]] = Counter()
    for *key, n in conn.execute("SELECT * FROM tallies"):
        tallies[tuple(key)] += n
    added = f"SELECT {_TALLY}, count(*) FROM rows WHERE id > ? GROUP BY {_GROUPED}"
    for *key, n in conn.execute(added, (after,)):
        tallies[tuple(key)] += n
    conn.execute("DELETE FROM tallies")
    conn.executemany(_INSERT_TALLIES, ((*key, n) for key, n in tallies.items()))


def extend_cache(
    path: Path,
    was: Stamp,
    source: Stamp,
    meta: dict[str, Any],
    outbox: dict[str, Any] | None,
    rows: Iterable[tuple[int, IndexRow]],
) -> bool:
    """Add `rows` (an import) to a cache made from index.json as stamped `was`, now stamped
    `source`, in one transaction: the cost is the import's, not the store's. False when the
    cache was not in step (the caller makes it anew)."""
    if not path.exists():
        return False
    try:
        conn = sqlite3.connect(path)
    except sqlite3.Error:
        return False
    try:
        with conn:
            values = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            if (
                json.loads(values.get("source", "null")) != list(was)
                or json.loads(values.get("columns", "null")) != list(INDEX_COLUMNS)
                or json.loads(values.get("version", "null")) != SCHEMA_VERSION
            ):
                return False
            first, count = json.loads(values["first"]), json.loads(values["count"])
            last = json.loads(values["last"])
            added: list[int] = []  # the first id and the last, and how many, as they go by

            def counted(rows: Iterable[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, Any]]:
                for rid, row in rows:
                    if not added:
                        added.extend((rid, rid, 0))
                    added[1] = rid
                    added[2] += 1
                    yield rid, row

            conn.executemany(_INSERT, _values(counted(rows)))
            orders = list_orders(conn)
            conn.executemany("INSERT OR REPLACE INTO orders VALUES (?, ?)", orders.items())
            if added:
                if count and added[0] <= last:  # the tallies would count some rows twice
                    raise ValueError("rows added before the last held")  # rolled back
                _add_tallies(conn, last)
                first = first if count else added[0]
                last, count = added[1], count + added[2]
            conn.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                _meta_rows(source, meta, outbox, first, last, count),
            )
        return True
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return False
    finally:
        conn.close()
