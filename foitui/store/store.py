"""The store: the only code that reads and writes a store directory.

Readers get plain data (`Summary` rows for the list, `Request` models on demand). Every change
goes through `_change` (or `_changes`, several values of one request at once), which takes the
cross-process lock, re-reads what others wrote, applies the change, rewrites one small triage
shard atomically and journals it (who, when, old and new value). Nothing here imports Textual.

Journal and store agree: an edit and its history entry are one atomic unit. A file replace is
atomic, an append to a second file is not, so the unit's commit point is the one file replace:

1. Under the lock, every *outbox* (below) is first *settled*: its entries are made sure to be in
   the journal, appended now if they are not.
2. The triage shard is written (atomically, the commit point) with the changed documents and an
   ``outbox`` table: the journal entries of this edit and the journal's size before they are
   appended. The edit and its history are now durable together, in one file.
3. The entries are appended to the journal (one write, fsynced; a failed write is cut off
   again, so no torn line of ours stays).

A writer that dies between 2 and 3, or whose append fails (a full disk), leaves entries that
only its outbox holds: the next writer settles them before doing anything else (checking the
journal at the recorded size, so an append that did happen is never made twice), and
`history()` shows them meanwhile. So the journal never claims an edit the store lacks (an
entry is appended only after its edit is committed) and no committed edit lacks its entry for
longer than the next write; an edit whose shard write fails is not in either, and its error
("nothing was changed") is true. Imports do the same with an outbox in `index.json`, their
commit point (a big import has one per part: `import_stream`). Several values of one edit
(`mark --outcome --note`, `set --ref --title`) are one shard write: all saved or none.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import getpass
import json
import os
import queue
import sqlite3
import threading
import time
import typing
import uuid
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout
from tinydb import TinyDB

from foitui.errors import (
    CorruptStoreError,
    NotFoundError,
    ReadOnlyStoreError,
    StoreBusyError,
    StoreError,
    StoreWriteError,
)
from foitui.kinds import Law, LinkKind, Outcome, Status
from foitui.refs import ascii_number, number_key, ref_key
from foitui.safetext import one_line
from foitui.store import corrected, records, rowcache
from foitui.store.columns import CachedIndex, ColumnIndex, summaries
from foitui.store.files import (
    AtomicJSONStorage,
    append_bytes,
    atomic_write_bytes,
    atomic_write_chunks,
    dump_json,
    ensure_dir,
    file_mode,
    read_at,
    read_lines_from,
    register_store,
    stray_temp_files,
    unsafe_entries,
)
from foitui.store.fulltext import FullText
from foitui.store.layout import SCHEMA_VERSION, Layout, shard_of
from foitui.store.search import Matches, search_text

if TYPE_CHECKING:
    from foitui.law.time_limits import Closures
    from foitui.models import Link, Request
    from foitui.store import tallies
    from foitui.subjects import SimilarityIndex

LOCK_TIMEOUT_S = 10.0
#: A big import commits in parts of this many new requests at least (smaller ones commit once,
#: at the end) and, once the store is bigger, at most PART_MAX (see `Store.part_size`).
PART_MIN = 10_000
PART_MAX = 100_000
BACKUP_EVERY_S = 3600

#: Fields of a request that a user may edit (CONTRACT.md `foitui set`).
EDITABLE_FIELDS = (
    "status",
    "ref",
    "authority",
    "received",
    "law",
    "title",
    "responded",
    "body",
    "body_type",
    "specified_day",
    "requester",
)


def _path_words(path: tuple[str, ...]) -> str:
    """Where in a request an edit went, in words: "Q1's note", "the title", "the link to 2"."""
    if len(path) == 3 and path[0] == "questions":
        return f"Q{path[1]}'s {path[2]}"
    if len(path) == 2 and path[0] == "fields":
        return f"the {path[1].replace('_', ' ')}"
    if len(path) == 2 and path[0] == "links":
        return f"the link to {path[1].replace('|', ' ')}"
    return "the " + " ".join(part.replace("_", " ") for part in path)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while 100,000s of acyclic objects are made at once:
    the collector would otherwise run over them again and again for nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def current_user() -> str:
    """Who is making changes: the login name of the process's user id. Never $LOGNAME or
    $USER, which anyone can set to another officer's name (the journal is the audit trail)."""
    if not hasattr(os, "getuid"):  # no user ids on this platform: the login name it reports
        try:
            return getpass.getuser()
        except Exception:
            return "unknown"
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # a uid without a passwd entry (some containers): still a name
        return f"uid{os.getuid()}"


# Words people put inside a reference that are not part of it: "FOI ref 11726", "FOI no. 12".
_REF_WORDS = frozenset({"REF", "REFERENCE", "NO", "NUMBER", "NUM", "OUR", "YOUR", "REQUEST"})


def _scheme(reference: str) -> tuple[str, ...]:
    """The letters of a reference ("FOI", "FOISA"), without words like "ref"."""
    return tuple(p for p in ref_key(reference).split("|") if p.isalpha() and p not in _REF_WORDS)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of the history journal."""

    id: str
    at: str
    user: str
    request: str | None
    action: str
    path: tuple[str, ...] = ()
    old: Any = None
    new: Any = None
    note: str | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Change:
        return cls(
            id=str(data.get("id", "")),
            at=str(data.get("at", "")),
            user=str(data.get("user", "")),
            request=data.get("request"),
            action=str(data.get("action", "")),
            path=tuple(data.get("path") or ()),
            old=data.get("old"),
            new=data.get("new"),
            note=data.get("note"),
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "at": self.at,
            "user": self.user,
            "request": self.request,
            "action": self.action,
        }
        if self.path:
            data.update(path=list(self.path), old=self.old, new=self.new)
        if self.note:
            data["note"] = self.note
        return data


@dataclass(frozen=True, slots=True)
class Edit:
    """One value to set in `Store._changes`: `new` may be a callable of the old value."""

    path: tuple[str, ...]
    new: Any
    action: str
    note: str | None = None


_SEARCHED_FIELDS = ("ref", "title", "authority", "requester")


def _shown(value: Any) -> str:
    """A field's value as the edit form shows it, for comparing what a user saw."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return one_line(str(getattr(value, "value", value)))


@dataclass(slots=True)
class ImportResult:
    imported: Imported = field(default_factory=lambda: Imported(range(0)))
    duplicates: int = 0


class Imported(Sequence[str]):
    """The ids an import added, as the strings callers use. They are consecutive, so they are
    kept as a range: a list of a million strings was 60 MB of a big import's peak memory."""

    def __init__(self, ids: range) -> None:
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    @typing.overload
    def __getitem__(self, key: int) -> str: ...
    @typing.overload
    def __getitem__(self, key: slice) -> list[str]: ...
    def __getitem__(self, key: int | slice) -> str | list[str]:
        if isinstance(key, slice):
            return [str(rid) for rid in self.ids[key]]
        return str(self.ids[key])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Imported):
            return list(self) == list(other)
        return isinstance(other, list) and list(self) == other

    __hash__ = None  # type: ignore[assignment]  # compared by value, like a list

    def __repr__(self) -> str:
        return f"Imported({self.ids!r})"

    def __str__(self) -> str:
        """As messages name what an import kept: "1,200 requests (ids 1-1200)"."""
        return f"{len(self.ids):,} requests (ids {self.ids[0]}-{self.ids[-1]})"


class Store:
    """An open store directory. Cheap to keep open; call `refresh()` to see others' changes."""

    def __init__(self, root: Path, *, readonly: bool = False) -> None:
        self.root = root
        self.layout = Layout(root)
        self.readonly = readonly
        self.user = current_user()
        self._mutex = threading.RLock()
        self._lock = FileLock(
            str(self.layout.lock),
            timeout=LOCK_TIMEOUT_S,
            mode=file_mode(root),  # the team's members all take the lock in a team store
            thread_local=False,
        )
        self._stamps: dict[Path, tuple[int, int]] = {}
        self._index: ColumnIndex | CachedIndex = ColumnIndex.empty()
        self._index_version = 0  # counts the times `_index` was replaced
        # index.json's stamp as `_index` holds it, and the row cache serving it (if any).
        self._index_stamp: rowcache.Stamp | None = None
        self._cached_index: CachedIndex | None = None
        # Per row cache (its rows do not change): the status combos and viewsql.UNTOLD's ids
        # (list_matching), the tallies (the pickers' counts).
        self._kept_facts: tuple[rowcache.RowCache, list[Any], array[int]] | None = None
        self._kept_tallies: tuple[Any, tallies.Tallied, list[tallies.Tally]] | None = None
        # The list's rows, made on first use and kept until the index or links change; an
        # edit replaces its own row (a new list, so a caller's earlier list stays as it was).
        self._summaries: list[records.Summary] | None = None
        self._stale_rows: set[int] = set()  # ids whose row in `_summaries` an edit changed
        # The settings every due date depends on, `receipt_day` (deadlines.RECEIPT_DAYS),
        # `body_type` (law.time_limits.BODY_TYPES) and `school_closures`, with the settings
        # file's stamp they were read at.
        self._clock: tuple[tuple[int, int] | None, str, str, Closures] | None = None
        # LOOKUP_COLUMNS by request id, read on first use (imports, similar requests).
        self._lookup: dict[str, dict[int, str]] | None = None
        self._lookup_inline: dict[str, dict[int, str]] | None = None
        self._similarity: SimilarityIndex | None = None
        self._fulltext = FullText(
            self.layout.search,
            readonly=readonly,
            ids=lambda: set(self._index),
            span=self._id_span,
            bodies=self._search_bodies,
            version=lambda: self._index_version,
            importing=self._import_running,
        )
        self._meta: dict[str, Any] = {"schema": SCHEMA_VERSION, "next_id": 1}
        #: The day the store dates what it starts itself (a clock stop that follows a status):
        #: the real today unless fixed, as the app fixes it for screenshots and tests.
        self.fixed_today: date | None = None
        self._triage: dict[int, dict[str, Any]] = {}
        self._journal_offset = 0
        # Journal entries committed with a file but perhaps not yet appended to the journal,
        # by the file that holds them (the module docstring: journal and store agree).
        self._outboxes: dict[Path, dict[str, Any]] = {}
        self._settled: set[str] = set()  # ids of outbox entries known to be in the journal
        self._ref_maps: tuple[dict[str, int], dict[str, list[int]]] | None = None
        self._edited_refs: dict[int, tuple[str, str]] | None = None
        self._backlinks: dict[int, list[tuple[int, dict[str, Any]]]] = {}
        # The newest change this Store object made, so callers of link() can undo it.
        self.last_change: Change | None = None
        # Requests with corrections, as corrected (corrected.Fixed), by id, with the ops and
        # law they were made from: the corpus never changes, so that is all they depend on.
        self._fixed: dict[int, tuple[str, corrected.Fixed]] = {}

    # ----------------------------------------------------------------- opening

    def today(self) -> date:
        """`fixed_today`, else the real day."""
        return self.fixed_today or date.today()

    @classmethod
    def open(cls, root: Path | str, *, create: bool = True) -> Store:
        """Open (and with `create`, make) a store; raises StoreError with a clear message."""
        root = Path(root).expanduser()
        if root.exists() and not root.is_dir():
            raise StoreError(f"store {root} is not a directory")
        if not root.exists():
            if not create:
                raise StoreError(f"no store at {root}")
            try:
                ensure_dir(root)
            except OSError as error:
                raise StoreError(f"cannot create store {root}: {error.strerror}") from error
        readonly = not os.access(root, os.W_OK)
        if not readonly:
            unsafe = unsafe_entries(root)
            if unsafe:
                raise StoreError(f"{unsafe[0]}; nothing was changed")
        register_store(root)  # a team store's files are made group read/write
        store = cls(root, readonly=readonly)
        store._load_all()
        if not readonly:
            store._clean_temp_files()
        return store

    def backup_if_stale(self) -> None:
        """A fresh rotating backup at most every BACKUP_EVERY_S.

        Called after a store opened cleanly (by the app in a worker, by the CLI after a change),
        never on the way to the first screen: copying the index takes time at 100,000 requests.
        """
        if self.readonly:
            return
        from foitui.store.backup import backups, make_backup

        if not self._index:
            return
        newest = backups(self.root)[:1]
        if newest and time.time() - newest[0].stat().st_mtime < BACKUP_EVERY_S:
            return
        with contextlib.suppress(StoreError, OSError), self._locked():
            make_backup(self.root)

    def _clean_temp_files(self) -> None:
        # A killed writer can leave a temp file beside the file it was replacing, and history
        # entries that only its outbox holds.
        with self._locked():
            for path in stray_temp_files(self.root):
                with contextlib.suppress(OSError):
                    path.unlink()
            with contextlib.suppress(StoreError):
                self._settle()
            from foitui.store.backup import clean_partial_backups

            clean_partial_backups(self.root)  # left by an import killed while backing up

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._mutex:
            if self.readonly:
                raise ReadOnlyStoreError(f"the store {self.root} is read-only; nothing was changed")
            with self._held(
                self._lock, f"the store {self.root} is busy (another foitui is writing); try again"
            ):
                yield

    @contextlib.contextmanager
    def _held(self, lock: FileLock, busy: str) -> Iterator[None]:
        """`lock` held for the block: StoreBusyError(`busy`) when another process holds it past
        the timeout, ReadOnlyStoreError when the lock file cannot be made."""
        try:
            lock.acquire()
        except Timeout as error:
            raise StoreBusyError(busy) from error
        except OSError as error:
            raise ReadOnlyStoreError(
                f"cannot lock the store {self.root}: {error.strerror}"
            ) from error
        try:
            yield
        finally:
            lock.release()

    def _stamp(self, path: Path) -> tuple[int, int] | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _load_all(self) -> None:
        with gc_paused():
            self._load_files()

    def _load_files(self) -> None:
        self._load_index()
        self._triage.clear()
        if self.layout.triage_dir.is_dir():
            for path in sorted(self.layout.triage_dir.glob("[0-9]*.json")):
                self._load_triage_shard(path)
        self._rebuild_backlinks()
        self._journal_offset = (
            self._stamp(self.layout.journal)[1] if self.layout.journal.exists() else 0
        )

    def _load_index(self) -> None:
        path = self.layout.index
        # Stamped before reading: a file replaced meanwhile is read again by the next refresh.
        stamp = rowcache.stamp_of(path)
        self._stamps[path] = stamp[:2] if stamp else (0, 0)
        self._summaries = None
        self._lookup = None
        self._lookup_inline = None
        self._index_version += 1
        self._kept_tallies = None  # of the index replaced: not kept alive by them
        self._index_stamp = stamp
        # Let go of the old row cache, never close it: another thread (the app's list, as it
        # draws) may be reading through it this moment, and a connection closed under a
        # query crashed the process (a segfault in libpython). Its connection closes when the
        # last reader lets go of it.
        self._cached_index = None
        cache = rowcache.open_cache(self.layout.index_db, stamp)
        if cache is not None:
            self._check_meta(path, cache.meta)
            self._meta = cache.meta
            self._keep_outbox(path, {"outbox": {"1": cache.outbox}} if cache.outbox else {})
            self._lookup_inline = None  # a cache is made only of an index without them
            self._index = self._cached_index = CachedIndex(cache, self._read_index_columns)
            return
        data = AtomicJSONStorage(path).read()
        if data is None:
            self._meta = {"schema": SCHEMA_VERSION, "next_id": 1}
            self._index = ColumnIndex.empty()
            return
        meta = data.get("meta", {}).get("1")
        self._check_meta(path, meta)
        self._meta = meta
        self._keep_outbox(path, data)
        self._index = self._index_columns(path, data)
        if stamp is not None and self._lookup_inline is None:
            self._write_row_cache(stamp, data.get("outbox", {}).get("1"))

    @staticmethod
    def _check_meta(path: Path, meta: Any) -> None:
        if not isinstance(meta, dict) or not isinstance(meta.get("schema"), int):
            raise CorruptStoreError(path, "no schema version; this is not a foitui store")
        schema = meta["schema"]
        if schema > SCHEMA_VERSION:
            raise StoreError(
                f"store file {path} has schema version {schema}, newer than this foitui "
                f"understands ({SCHEMA_VERSION}); upgrade foitui. Nothing was changed"
            )

    def _index_columns(self, path: Path, data: dict[str, Any]) -> ColumnIndex:
        """The index's columns from index.json's document (and the lookup columns stores
        written before lookup.json kept inline)."""
        columns = data.get("columns", {}).get("1", {})
        try:
            ids = columns.get("id", [])
            if "due" not in columns:  # written before due dates were kept in the index
                columns["due"] = records.due_column(columns["received"], columns["law"])
            index = ColumnIndex(ids, columns)
            # Written before LOOKUP_COLUMNS had a file of their own.
            inline = {
                name: dict(zip(ids, columns[name], strict=True))
                for name in records.LOOKUP_COLUMNS
                if name in columns
            }
            self._lookup_inline = inline or None
            return index
        except (KeyError, ValueError, TypeError) as error:
            raise CorruptStoreError(path, f"the index columns are damaged ({error})") from error

    def _read_index_columns(self) -> ColumnIndex:
        """Every row of index.json, for a store opened through its row cache: what the cache
        was made from, so rows an import added since (the next refresh sees them) are left."""
        path = self.layout.index
        with gc_paused():
            data = AtomicJSONStorage(path).read() or {}
            index = self._index_columns(path, data)
        cache = self._cached_index.cache if self._cached_index is not None else None
        if cache is not None and index.ids and index.ids[-1] > cache.last:
            keep = sum(1 for rid in index.ids if rid <= cache.last)
            index = ColumnIndex(
                index.ids[:keep], {name: column[:keep] for name, column in index.columns.items()}
            )
        return index

    def _write_row_cache(
        self, stamp: rowcache.Stamp, outbox: dict[str, Any] | None, was: Any = None
    ) -> None:
        """Make index.sqlite from the index in memory (or, with `was`, the index.json stamp
        the cache was in step with, add the rows of `was`, an import, to it). A failure
        (read-only, disk full) leaves the store as it is: the next open reads index.json."""
        if self.readonly:
            return
        with contextlib.suppress(OSError, sqlite3.Error):
            index = self._index
            if was is not None:
                before, rows = was
                if rowcache.extend_cache(
                    self.layout.index_db, before, stamp, self._meta, outbox, rows
                ):
                    return
            rows = zip(*(index.columns[name] for name in records.INDEX_COLUMNS), strict=True)
            rowcache.write_cache(self.layout.index_db, stamp, self._meta, outbox, index.ids, rows)

    def list_order(self, sort: str) -> array[int] | None:
        """Request ids in `sort` order (ordering.SORTS) as the index alone gives their rows, kept
        in index.sqlite: the app's list starts from it instead of making and sorting every
        row (listing.LazySource), then puts `special_ids()` where they go. None when the list
        has to be made whole: no row cache, or settings that move due dates."""
        cache = self._kept_rows()
        if cache is None:
            return None
        if sort == "id":
            return array("i", cache.ids())
        return cache.order(sort)

    def _kept_rows(self) -> rowcache.RowCache | None:
        """index.sqlite when its rows are the list's rows as imported (no other settings move
        their due dates), else None."""
        index = self._cached_index
        if index is None or index is not self._index:
            return None
        if self._clock_settings()[:2] != ("ico", "standard"):
            return None
        return index.cache

    def list_matching(
        self, view: str, status: Status | None, queue: str | None, today: date
    ) -> tuple[array[int], array[int]] | None:
        """The ids of the requests whose rows, as the index alone gives them, are in the list's
        `view` with `status` in `queue` (listing.ListQuery's), and the ids whose index row does
        not tell (viewsql.UNTOLD): both ascending, from index.sqlite without making a row. The
        rows of `special_ids()` differ from the index's: the caller judges those by making
        them, and the untold ones too. None when `list_order` is None."""
        from foitui.store import viewsql

        cache = self._kept_rows()
        if cache is None:
            return None
        kept = self._kept_facts
        if kept is None or kept[0] is not cache:
            # The index rows do not change while the cache is in step: read once.
            found = cache.fetch(viewsql.COMBOS)
            combos = list({tuple(combo[:3]) for combo in found})
            # Rows without a due date the index holds: almost never (none since the column).
            untold = cache.ids_where(viewsql.UNTOLD) if any(c[3] for c in found) else array("i")
            kept = self._kept_facts = (cache, combos, untold)  # type: ignore[assignment]
        _, combos, untold = kept
        where, params = viewsql.condition(view, status, queue, today, combos)
        return cache.ids_where(f"{where} AND NOT {viewsql.UNTOLD}", params), untold

    def list_status_counts(self) -> Counter[Status] | None:
        """How many requests have each status as the index alone gives their rows (see
        `list_matching`), from index.sqlite's tallies; None when `list_order` is None."""
        from foitui.store import tallies

        if self._kept_rows() is None:
            return None
        return tallies.status_counts(self._tallies()[1])

    def list_open_count(self) -> int | None:
        """How many requests are open (ordering.is_open) as the index alone gives their rows,
        from index.sqlite's tallies (the `W` picker's unassigned count: an imported request
        is nobody's); None when `list_order` is None."""
        from foitui.store import tallies

        if self._kept_rows() is None:
            return None
        return tallies.open_count(self._tallies()[1])

    def list_open(self, ids: Iterable[int]) -> set[int]:
        """Those of `ids` that are open as the index alone gives their rows (see
        `list_open_count`)."""
        from foitui.kinds import CLOSED
        from foitui.store import viewsql

        cache = self._kept_rows()
        if cache is None:
            return set()
        found = cache.values_of(f"{viewsql.COMBO}, {rowcache.TALLIED[3]}", ids)
        return {
            rid
            for rid, (*combo, answered) in found.items()
            if not answered
            and (status := viewsql.status_of(tuple(combo))) is not None  # type: ignore[arg-type]
            and status not in CLOSED
        }

    def _tallies(self) -> tuple[tallies.Tallied, list[tallies.Tally]]:
        """The index's tallies (tallies.py), and what made them: index.sqlite while it serves
        the index, else the index's columns in memory. Made once per index (its rows do not
        change: an import or a reload replaces it)."""
        from foitui.store import tallies

        index = self._index
        kept = self._kept_tallies
        if kept is None or kept[0] is not index:
            source: tallies.Tallied
            if index is self._cached_index and self._cached_index is not None:
                source = self._cached_index.cache
            else:
                source = tallies.InMemory(index.full() if isinstance(index, CachedIndex) else index)
            found = [tallies.Tally(*row) for row in source.tallies()]
            kept = self._kept_tallies = (index, source, found)
        return kept[1], kept[2]

    def list_statuses(self, ids: Iterable[int]) -> dict[int, Status]:
        """Each of `ids`' status as the index alone gives its row (see `list_status_counts`)."""
        from foitui.store import viewsql

        cache = self._kept_rows()
        if cache is None:
            return {}
        found = cache.values_of(viewsql.COMBO, ids)
        statuses = {rid: viewsql.status_of(combo) for rid, combo in found.items()}  # type: ignore[arg-type]
        return {rid: status for rid, status in statuses.items() if status is not None}

    def longest(self, columns: Sequence[str]) -> dict[str, int] | None:
        """The longest value's length of each index column in `columns`, as the index alone
        gives them (edited values are in `special_ids()`' rows), from the row cache; None
        when there is none (then the rows are measured)."""
        index = self._cached_index
        if index is None or index is not self._index:
            return None
        return index.cache.longest(columns)

    def _id_span(self) -> tuple[int, int] | None:
        """(first, last) when the requests' ids are every int from first to last, known without
        reading them (the row cache says so); else None. For the search index's check."""
        index = self._cached_index
        if index is None or index is not self._index or not index.cache.count:
            return None
        cache = index.cache
        return (cache.first, cache.last) if cache.contiguous else None

    def special_ids(self) -> set[int]:
        """Requests whose list row is not their index row's alone (triage state, links)."""
        return set(self._triage) | set(self._backlinks)

    def row_of(self, rid: int) -> records.Summary:
        """One request's list row, by its int id."""
        return self._summary(rid)

    def _lookup_column(self, name: str) -> dict[int, str]:
        """One of LOOKUP_COLUMNS, request id -> value ("" where the file has none)."""
        with self._mutex:
            if self._lookup is None:
                self._lookup = self._lookup_inline or self._read_lookup()
            column = self._lookup.get(name, {})
            return column

    def _read_lookup(self) -> dict[str, dict[int, str]]:
        path = self.layout.lookup
        data = AtomicJSONStorage(path).read() or {}
        columns = data.get("columns", {}).get("1", {})
        try:
            ids = columns.get("id", [])
            # The file is written before the index, so a writer killed between the two leaves
            # it with extra ids, never with missing ones. The extras are an import that never
            # happened: dropped here, or it would count as a duplicate of itself when redone.
            index = self._index
            return {
                name: {
                    rid: value
                    for rid, value in zip(ids, columns.get(name) or [""] * len(ids), strict=True)
                    if rid in index
                }
                for name in records.LOOKUP_COLUMNS
            }
        except (TypeError, ValueError) as error:
            raise CorruptStoreError(path, f"the lookup columns are damaged ({error})") from error

    def _rebuild_refs(self) -> None:
        # Built on first use: cold start of a large store does not pay for it.
        self._ref_maps = None
        self._edited_refs = None

    def _ref_owner(self, key: str) -> int | None:
        """The request whose current reference has `ref_key` `key` (the oldest, if several)."""
        if self._serves_rows():
            found = self._with_key(0, key)
            return found[0] if found else None
        return self._ensure_ref_maps()[0].get(key)

    def _number_owners(self, key: str) -> list[int]:
        """Requests whose current reference has `number_key` `key`, ascending."""
        if self._serves_rows():
            return self._with_key(1, key)
        return self._ensure_ref_maps()[1].get(key, [])

    def _serves_rows(self) -> bool:
        """Whether references are looked up in the row cache: while the index is not in memory
        (one CLI edit), instead of making maps of every request's reference."""
        index = self._cached_index
        return index is not None and index is self._index and not index.loaded

    def _with_key(self, which: int, key: str) -> list[int]:
        assert self._cached_index is not None
        if not key:
            return []
        edited = self._ref_edits()
        found = {
            rid
            for rid in self._cached_index.with_key(("rk", "nk")[which], key)
            if rid not in edited
        }
        found.update(rid for rid, keys in edited.items() if keys[which] == key)
        return sorted(found)

    def _ref_edits(self) -> dict[int, tuple[str, str]]:
        """(ref_key, number_key) of every request whose reference was edited."""
        if self._edited_refs is None:
            edited = {}
            for rid, doc in self._triage.items():
                fields = doc.get("fields")
                if fields and "ref" in fields and rid in self._index:
                    ref = fields["ref"]
                    edited[rid] = (ref_key(ref), number_key(ref)) if ref else ("", "")
            self._edited_refs = edited
        return self._edited_refs

    def _ensure_ref_maps(self) -> tuple[dict[str, int], dict[str, list[int]]]:
        """Reference -> id maps, from each request's current ref (edited or imported)."""
        if self._ref_maps is not None:
            return self._ref_maps
        keys = {rid: (row.rk, row.nk) for rid, row in self._index.items()}
        keys.update(self._ref_edits())
        # Iterating newest first and letting older ids overwrite keeps the first id for a ref.
        ordered = sorted(keys.items(), reverse=True)
        refs = {rk: rid for rid, (rk, _) in ordered if rk}
        numbers: dict[str, list[int]] = {}
        for rid, (_, nk) in ordered:
            if nk:
                numbers.setdefault(nk, []).insert(0, rid)
        self._ref_maps = (refs, numbers)
        return self._ref_maps

    def _load_triage_shard(self, path: Path) -> None:
        from foitui.store.backup import triage_faults

        data = AtomicJSONStorage(path).read() or {}
        # A readable shard that breaks its schema (a link without its target) is named as
        # damaged here, not met later as "unexpected KeyError" in `list` or `show`.
        faults = triage_faults(path, data, full=False) if data else []
        if faults:
            raise CorruptStoreError(path, faults[0].removeprefix(f"{path}: "))
        self._stamps[path] = self._stamp(path) or (0, 0)
        self._keep_outbox(path, data)
        for key, doc in data.get("triage", {}).items():
            try:
                self._triage[int(key)] = doc
            except ValueError as error:
                raise CorruptStoreError(path, "a request id is not a number") from error

    def _rebuild_backlinks(self) -> None:
        self._rebuild_refs()
        # Link counts and resolved refs may change anywhere: summaries are rebuilt lazily.
        self._summaries = None
        self._backlinks = {}
        for rid, doc in self._triage.items():
            for link in (doc.get("links") or {}).values():
                target = self._link_target(link["target"])
                if target is not None:
                    self._backlinks.setdefault(target, []).append((rid, link))

    # ----------------------------------------------------------------- refresh

    def refresh(self) -> set[str]:
        """Re-read what other processes changed; returns the ids of requests that changed."""
        with self._mutex:
            changed: set[str] = set()
            if self._stamp(self.layout.index) != self._stamps.get(self.layout.index):
                before = set(self._index)
                self._load_index()
                changed.update(str(i) for i in set(self._index) - before)
            reload_links = False
            if self.layout.triage_dir.is_dir():
                for path in sorted(self.layout.triage_dir.glob("[0-9]*.json")):
                    if self._stamp(path) != self._stamps.get(path):
                        shard = int(path.stem)
                        old = {
                            rid: doc for rid, doc in self._triage.items() if shard_of(rid) == shard
                        }
                        for rid in old:
                            del self._triage[rid]
                        self._load_triage_shard(path)
                        new = {
                            rid: doc for rid, doc in self._triage.items() if shard_of(rid) == shard
                        }
                        changed.update(
                            str(rid) for rid in set(old) | set(new) if old.get(rid) != new.get(rid)
                        )
                        reload_links = True
            if reload_links or changed:
                before = self._backlinks
                self._rebuild_backlinks()
                # A link made elsewhere shows on its target too (inbound): that changed as well.
                after = self._backlinks
                changed.update(
                    str(rid)
                    for rid in before.keys() | after.keys()
                    if before.get(rid) != after.get(rid)
                )
            lines, self._journal_offset = read_lines_from(self.layout.journal, self._journal_offset)
            for line in lines:
                with contextlib.suppress(ValueError, AttributeError):
                    request = json.loads(line).get("request")
                    if request:
                        changed.add(str(request))
            return changed

    # ----------------------------------------------------------------- reading

    def __len__(self) -> int:
        return len(self._index)

    def has(self, rid: int) -> bool:
        return rid in self._index

    def ids(self) -> list[str]:
        return [str(i) for i in sorted(self._index)]

    def resolve(self, id_or_ref: str) -> str:
        """A store id from an id or a reference like "FOI 11726"; NotFoundError otherwise."""
        rid = self.find(id_or_ref)
        if rid is None:
            raise NotFoundError(f"no request with id or reference {id_or_ref!r} in the store")
        return rid

    def find(self, id_or_ref: str) -> str | None:
        text = str(id_or_ref).strip()
        number = ascii_number(text)
        if number is not None and number in self._index:
            return str(number)
        rid = self._resolve_target(text)
        return None if rid is None else str(rid)

    def _link_target(self, target: str) -> int | None:
        """A stored link's target: a store id, or a reference that may have arrived since."""
        number = ascii_number(target)
        if number is not None and number in self._index:
            return number
        return self._resolve_target(target)

    def _resolve_target(self, text: str) -> int | None:
        """An id for a reference in any spelling. Failing an exact key, the one request whose
        ref has the same numbers and no other scheme letters: "11726", "FOI ref 11726" and
        "FOI11726" find "FOI 11726"; "FOI 12345" finds a ref written "12345"."""
        if not text:
            return None
        rid = self._ref_owner(ref_key(text))
        if rid is not None:
            return rid
        mine = _scheme(text)
        fitting = []
        for candidate in self._number_owners(number_key(text)):
            theirs = _scheme(self._current_ref(candidate))
            if not mine or not theirs or theirs == mine:
                fitting.append(candidate)
        return fitting[0] if len(fitting) == 1 else None

    def _current_ref(self, rid: int) -> str:
        fields = self._triage.get(rid, {}).get("fields") or {}
        return (fields["ref"] if "ref" in fields else self._index[rid].ref) or ""

    def index_row(self, request_id: str) -> records.IndexRow:
        """The request's index row, as its corrections make it."""
        return self._row(self._int_id(request_id))

    def triage_doc(self, request_id: str) -> dict[str, Any]:
        """The request's triage entry, question marks read through its corrections."""
        return self._view(self._int_id(request_id))

    def _int_id(self, request_id: str) -> int:
        rid = ascii_number(request_id) if isinstance(request_id, str) else None
        if rid is None:
            rid = request_id if isinstance(request_id, int) else -1
        if rid not in self._index:
            raise NotFoundError(f"no request with id {request_id!r} in the store")
        return rid

    def summaries(self) -> list[records.Summary]:
        """One row per request for the list, in id order. Do not change the list: it is
        shared until the store changes."""
        with self._mutex:
            self.receipt_day()
            if self._summaries is not None and self._stale_rows:
                # A new list, so a caller's earlier list stays as it was.
                rows = list(self._summaries)
                for rid in self._stale_rows:
                    pos = self._index.position(rid)
                    if pos is not None:
                        rows[pos] = self._summary(rid)
                self._summaries = rows
            self._stale_rows.clear()
            if self._summaries is None:
                self._prefetch_fixed()
                special = dict.fromkeys(self._triage)
                special.update(dict.fromkeys(self._backlinks))
                # The index's due dates are 20 working days counted the ICO's way: those the
                # settings move are made again (deadlines.RECEIPT_DAYS, law.time_limits).
                special.update(dict.fromkeys(self._moved_by_settings()))
                with gc_paused():
                    self._summaries = summaries(self._index, special, self._summary)
            return self._summaries

    def iter_summaries(self) -> Iterator[records.Summary]:
        """`summaries()`, one row at a time: while the index is served by its row cache (not
        yet read whole), the rows are made as they are read, so memory does not grow with the
        store and the first row comes at once (`list --json` at 1,000,000 requests)."""
        if self._summaries is not None or not self._serves_rows():
            yield from self.summaries()
            return
        assert self._cached_index is not None
        receipt_day, body_type, closures = self._clock_settings()
        special = set(self._triage) | set(self._backlinks)
        lean = records.summary
        for rid, row in self._cached_index.items():
            if rid in special:
                yield self._summary(rid)
            else:
                yield lean(rid, row, {}, 0, receipt_day, body_type, closures)

    def _summary(self, rid: int) -> records.Summary:
        return records.summary(
            rid,
            self._row(rid),
            self._view(rid),
            len(self._backlinks.get(rid, ())),
            *(self._clock[1:] if self._clock else self._clock_settings()),
        )

    def _moved_by_settings(self) -> list[int]:
        """Requests whose due date the settings move from the index's: received on a
        non-working day (under `receipt_day` code2018), or of the law a `body_type` changes."""
        from foitui.deadlines import is_working_day
        from foitui.law.time_limits import time_limit

        receipt_day, body_type, _ = self._clock_settings()
        limit = time_limit(Law.FOI, body_type) or time_limit(Law.FOISA, body_type)
        if receipt_day == "ico" and limit is None:
            return []
        cols = self._index.columns
        moved = []
        for rid, received, law in zip(self._index.ids, cols["received"], cols["law"], strict=True):
            the_law = records.LAWS.get(law, Law.FOI)
            if limit is not None and the_law == limit.law:
                moved.append(rid)
                continue
            day = records._date(received) if receipt_day != "ico" else None
            if day is not None and not is_working_day(day, the_law):
                moved.append(rid)
        return moved

    def _clock_settings(self) -> tuple[str, str, Closures]:
        """`receipt_day`, `body_type` and `school_closures`, read again when the settings file
        changes (another user's `foitui settings`); then every row's due date is made again."""
        from foitui.deadlines import DEFAULT_RECEIPT_DAY, RECEIPT_DAYS
        from foitui.law.time_limits import check_body_type, parse_closures

        with self._mutex:
            stamp = self._stamp(self.layout.settings)
            if self._clock is not None and self._clock[0] == stamp:
                return self._clock[1], self._clock[2], self._clock[3]
            settings = self.settings()
            receipt_day = settings.get("receipt_day") or DEFAULT_RECEIPT_DAY
            if receipt_day not in RECEIPT_DAYS:
                raise StoreError(
                    f"{self.layout.settings}: receipt_day is {receipt_day!r}, not one of "
                    f"{', '.join(RECEIPT_DAYS)}"
                )
            try:
                body_type = check_body_type(str(settings.get("body_type") or "standard"))
            except ValueError as error:
                raise StoreError(f"{self.layout.settings}: {error}") from None
            try:
                closures = parse_closures(str(settings.get("school_closures") or ""))
            except ValueError as error:
                raise StoreError(f"{self.layout.settings}: {error}") from None
            if self._clock is not None and self._clock[1:] != (receipt_day, body_type, closures):
                self._summaries = None
            self._clock = (stamp, receipt_day, body_type, closures)
            return receipt_day, body_type, closures

    def receipt_day(self) -> str:
        """How the date of receipt is fixed (`foitui settings receipt_day`, default `ico`; see
        deadlines.RECEIPT_DAYS)."""
        return self._clock_settings()[0]

    def body_type(self) -> str:
        """The kind of body this store is for (`foitui settings body_type`, default
        `standard`; see law.time_limits.BODY_TYPES): a request's own body type wins."""
        return self._clock_settings()[1]

    def school_closures(self) -> Closures:
        """The days the school is not in session (`foitui settings school_closures`), for the
        20th school day of SI 2004/3364 reg. 3; empty when unset."""
        return self._clock_settings()[2]

    # ----------------------------------------------------------------- corrections

    def _fixed_for(self, rid: int, corpus: dict[str, Any] | None = None) -> corrected.Fixed | None:
        """The request as its corrections make it; None when it has none."""
        triage = self._triage.get(rid) or {}
        ops = corrected.ops_of(triage)
        if not ops:
            return None
        law = records.effective_fields(self._index[rid], triage)["law"] or "foi"
        key = f"{law}|{corrected.ops_key(ops)}"
        cached = self._fixed.get(rid)
        if cached is not None and cached[0] == key:
            return cached[1]
        if corpus is None:
            corpus = self.corpus_doc(str(rid))
        fixed = corrected.fix(corpus, self._index[rid], ops, law)
        self._fixed[rid] = (key, fixed)
        return fixed

    def _prefetch_fixed(self) -> None:
        """Corrected requests not yet worked out, one corpus shard read for all of each."""
        wanted = [
            rid
            for rid, doc in self._triage.items()
            if doc.get("corrections") and rid in self._index and rid not in self._fixed
        ]
        by_shard: dict[int, list[int]] = {}
        for rid in wanted:
            by_shard.setdefault(shard_of(rid), []).append(rid)
        for shard, rids in by_shard.items():
            table = (AtomicJSONStorage(self.layout.corpus(shard)).read() or {}).get("records", {})
            for rid in rids:
                if str(rid) in table:
                    self._fixed_for(rid, table[str(rid)])

    def _row(self, rid: int) -> records.IndexRow:
        """The request's index row, with its corrections' question keys and outcomes."""
        fixed = self._fixed_for(rid)
        return fixed.row if fixed is not None else self._index[rid]

    def _view(self, rid: int) -> dict[str, Any]:
        """The request's triage entry with question marks read through its corrections."""
        triage = self._triage.get(rid, {})
        fixed = self._fixed_for(rid)
        return fixed.triage(triage) if fixed is not None else triage

    def corrections(self, request_id: str) -> tuple[list[dict[str, Any]], list[Any]]:
        """The request's corrections in force, in order, and those that no longer apply
        (`parsing.corrections.Skipped`)."""
        rid = self._int_id(request_id)
        ops = corrected.ops_of(self._triage.get(rid) or {})
        fixed = self._fixed_for(rid)
        return ops, list(fixed.corrected.skipped) if fixed is not None else []

    def add_correction(self, request_id: str, op: dict[str, Any]) -> Change | None:
        """Append a correction (parsing/corrections.py) to the request's list; journalled and
        undoable like any edit. Checked under the lock against the record as others left it:
        an op that would not apply is refused with the reason."""
        from foitui.parsing.corrections import OPS, describe

        rid = self._int_id(request_id)
        if op.get("op") not in OPS:
            raise StoreError(f"unknown correction {op.get('op')!r}")

        def append(old: Any) -> list[dict[str, Any]]:
            ops = [o for o in old if isinstance(o, dict)] if isinstance(old, list) else []
            triage = self._triage.get(rid) or {}
            law = records.effective_fields(self._index[rid], triage)["law"] or "foi"
            trial = corrected.fix(self.corpus_doc(str(rid)), self._index[rid], [*ops, op], law)
            for skipped in trial.corrected.skipped:
                if skipped.position == len(ops):
                    raise StoreError(f"request {rid}: cannot {describe(op)}: {skipped.reason}")
            return [*ops, dict(op)]

        return self._change(
            request_id, ("corrections",), append, action="correct", note=describe(op)
        )

    def _refresh_summary(self, rid: int) -> None:
        # Made again when the rows are next asked for: copying a million rows here made an
        # edit's cost grow with the store.
        if self._summaries is not None:
            self._stale_rows.add(rid)

    def summary(self, request_id: str) -> records.Summary:
        self.receipt_day()
        return self._summary(self._int_id(request_id))

    def corpus_doc(self, request_id: str) -> dict[str, Any]:
        rid = self._int_id(request_id)
        db = TinyDB(self.layout.corpus(shard_of(rid)), storage=AtomicJSONStorage)
        doc = db.table("records").get(doc_id=rid)
        if doc is None:
            raise CorruptStoreError(self.layout.corpus(shard_of(rid)), f"request {rid} is missing")
        return dict(doc)

    def get(self, request_id: str) -> Request:
        """The full record, imported text merged with triage state and resolved links."""
        rid = self._int_id(request_id)
        corpus = self.corpus_doc(str(rid))
        row, corpus, triage = self._as_corrected(rid, corpus)
        return records.assemble(
            rid,
            row,
            corpus,
            triage,
            backlinks=self._backlinks.get(rid, []),
            resolve=self._resolve_target,
            link_target=self._link_target,
            receipt_day=self.receipt_day(),
            body_type=self.body_type(),
            school_closures=self.school_closures(),
        )

    def iter_requests(self, only: set[int] | None = None) -> Iterator[Request]:
        """Every full record (or those in `only`) in id order, one shard read at a time."""
        receipt_day, body_type, closures = self._clock_settings()
        by_shard: dict[int, list[int]] = {}
        for rid in sorted(self._index if only is None else only):
            by_shard.setdefault(shard_of(rid), []).append(rid)
        for shard, rids in by_shard.items():
            data = AtomicJSONStorage(self.layout.corpus(shard)).read() or {}
            table = data.get("records", {})
            for rid in rids:
                corpus = table.get(str(rid))
                if corpus is None:
                    raise CorruptStoreError(self.layout.corpus(shard), f"request {rid} is missing")
                row, corpus, triage = self._as_corrected(rid, corpus)
                yield records.assemble(
                    rid,
                    row,
                    corpus,
                    triage,
                    backlinks=self._backlinks.get(rid, []),
                    resolve=self._resolve_target,
                    link_target=self._link_target,
                    receipt_day=receipt_day,
                    body_type=body_type,
                    school_closures=closures,
                )

    def _as_corrected(
        self, rid: int, corpus: dict[str, Any]
    ) -> tuple[records.IndexRow, dict[str, Any], dict[str, Any]]:
        """Index row, corpus record and triage entry of a request, its corrections applied."""
        triage = self._triage.get(rid, {})
        fixed = self._fixed_for(rid, corpus)
        if fixed is None:
            return self._index[rid], corpus, triage
        return fixed.row, {**corpus, **fixed.parts}, fixed.triage(triage)

    def ids_citing(self, code: str) -> set[str]:
        """Ids of requests with a question citing exemption `code` (or a subsection of it)."""
        from foitui.store import tallies

        source, found = self._tallies()
        # The index rows citing it, by their exemption cells (index.sqlite's rows_exemptions),
        # then the requests whose exemptions were edited, as they are now.
        ids = source.with_exemptions(*tallies.citing(found, code))
        edited = self._exemptions_edited()
        ids.difference_update(edited)
        ids.update(rid for rid, codes in self._cited(edited) if records.cites(codes, code))
        return set(map(str, ids))

    def exemption_counts(self, group: Callable[[str], str] | None = None) -> Counter[str]:
        """How many requests cite each exemption (parsed or marked by hand); with `group`
        (code -> the provision it is counted under, e.g. exemptions.section_of), how many cite
        each group, a request once however many of a group's codes it cites."""
        from foitui.store import tallies

        def cited(codes: list[str]) -> set[str]:
            return {group(code) for code in codes} if group else set(codes)

        # The index rows' counts (their tallies), each edited request's index row's codes
        # taken out and its codes as it is now put in.
        source, found = self._tallies()
        counts = tallies.exemption_counts(found, group)
        was = source.exemption_cells(self._exemptions_edited())
        for cells, questions in was.values():
            counts.subtract(cited(records.parsed_codes(cells, questions)))
        for _, codes in self._cited(was):
            counts.update(cited(codes))
        return +counts

    def _exemptions_edited(self) -> list[int]:
        """Requests whose exemption codes may differ from their index row's: marked by hand,
        or with corrected questions (an assignment, a status or a link changes none)."""
        return [
            rid
            for rid, triage in self._triage.items()
            if (records.marks_exemptions(triage) or corrected.ops_of(triage)) and rid in self._index
        ]

    def _cited(self, ids: Iterable[int]) -> Iterator[tuple[int, list[str]]]:
        """Each of `ids`' exemption codes as the request is now (its corrections and marks
        by hand read), in id order (ids the index holds)."""
        for rid in sorted(ids):
            yield rid, records.question_exemptions(self._row(rid), self._view(rid))

    # ----------------------------------------------------------------- full-text search

    def search(self, query: str) -> set[str]:
        """Ids of requests matching every word of `query` (each as the start of a word)."""
        found = self.search_ids(query)
        return set(self.ids()) if found is None else {str(rid) for rid in found}

    def search_ids(self, query: str) -> set[int] | None:
        """Like `search`, as ints; None when `query` has no word to look for (everything)."""
        return self._fulltext.query(query)

    def search_matches(self, query: str) -> Matches | None:
        """Like `search_ids`, as `Matches`: counted and tested without making every id (the
        list's search as you type, at a million requests)."""
        return self._fulltext.matches(query)

    def search_caught_up(self) -> bool:
        """Whether a search answered while an import was adding its texts may now find more
        (FullText.caught_up): the app searches again."""
        return self._fulltext.caught_up()

    def prepare_search(self) -> None:
        """Bring the full-text index in step now (it is otherwise done by the first search),
        and merged (FullText.tidy)."""
        self._fulltext.tidy()

    def _search_bodies(self, only: set[int]) -> Iterator[tuple[int, str]]:
        """(id, text) for full-text search, straight from the corpus shards (no models)."""
        by_shard: dict[int, list[int]] = {}
        for rid in sorted(only):
            by_shard.setdefault(shard_of(rid), []).append(rid)
        for shard, rids in by_shard.items():
            table = (AtomicJSONStorage(self.layout.corpus(shard)).read() or {}).get("records", {})
            for rid in rids:
                corpus = table.get(str(rid)) or {}
                fields = records.effective_fields(self._index[rid], self._triage.get(rid, {}))
                body = search_text(
                    fields["ref"],
                    fields["title"],
                    fields["authority"],
                    fields["requester"],
                    corpus.get("request_text"),
                    corpus.get("response_text"),
                    *(r.get("text") for r in corpus.get("references") or []),
                )
                yield rid, f"{rid} {body}"

    def similarity_index(self) -> SimilarityIndex:
        """Subject-term postings for similar requests, from the index alone; grows on import."""
        with self._mutex:
            index = self._similarity
            if index is None:
                from foitui.subjects import SimilarityIndex

                index = self._similarity = SimilarityIndex()
            if len(index) != len(self._index):
                terms = self._lookup_column("terms")
                for rid in self._index:
                    if str(rid) not in index.terms:
                        index.add(str(rid), terms.get(rid, "").split())
            return index

    def history(self, request_id: str | None = None) -> list[Change]:
        """Journal entries, oldest first; for one request when an id is given."""
        wanted = None if request_id is None else str(self._int_id(request_id))
        lines, _ = read_lines_from(self.layout.journal, 0)
        changes = []
        for line in lines:
            try:
                change = Change.from_json(json.loads(line))
            except (ValueError, AttributeError):
                continue  # a torn line from a killed writer carries no complete change
            changes.append(change)
        # Committed changes whose entries a writer could not append yet (see the docstring).
        changes.extend(self._unsettled({c.id for c in changes}))
        return [c for c in changes if wanted is None or c.request == wanted]

    # ----------------------------------------------------------------- writing

    def import_requests(
        self, incoming: Sequence[Request], fingerprints: Sequence[str]
    ) -> ImportResult:
        """Add new requests; ones already in the store (same fingerprint) are skipped."""
        prepared = [
            records.prepare(request, fp) for request, fp in zip(incoming, fingerprints, strict=True)
        ]
        return self.import_prepared(prepared, source=incoming[0].source.file if incoming else "")

    def import_prepared(self, incoming: Sequence[records.Prepared], *, source: str) -> ImportResult:
        """Add requests prepared by `records.prepare` (in import workers); duplicates skipped."""
        return self.import_stream([incoming], source=source)

    def import_stream(
        self,
        batches: Iterable[Sequence[records.Prepared]],
        *,
        source: str | Callable[[], str],
        keep: Callable[[], bool] = lambda: True,
        parts: bool = False,
    ) -> ImportResult:
        """Add the requests of `batches` (each a few hundred, as the import workers prepare
        them); duplicates skipped. All or nothing: once `keep()` is False (a bad record
        found, and not --skip-bad) nothing more is written and nothing is imported, though
        `batches` is read to its end (its bad records are all reported). `source`: the file
        named in the journal entry (or what tells it once every batch is read).

        With `parts` (the caller has checked every record it can before: `load_corpus`), a
        big import commits as it goes, in parts of `part_size()` requests, each as a whole
        import is committed: other processes list the requests already imported while the
        rest is parsed, and a killed import keeps the parts it committed (importing the file
        again carries on, the rest being new). `keep()` turning False then keeps the parts
        committed before it (in the result's `imported`).

        Memory does not grow with the import but by its index columns (records.INDEX_COLUMNS,
        the lookup columns): each batch's corpus shards are written and its texts handed to
        full-text search as it comes. Written in an order that keeps the store whole if the
        process dies anywhere: corpus shards (their records are nobody's until the index
        names them), then the lookup columns, then the index (the commit point: a request
        exists once the index names it), then the journal. Full-text search is derived: it is
        filled in a thread while the files are written and committed only after the index, so
        it is never ahead of the store (and catches up by itself if it missed anything).
        """
        result = ImportResult()
        search: _SearchFeed | None = None
        new: _NewColumns | None = None
        committed = False  # the part being written, once its index is
        try:
            # The store's lock is taken for each write, not for the whole import (minutes at
            # a million requests): others' edits, and this process's own reads, go on
            # meanwhile. Imports are one at a time; anything else that changes the index (a
            # restore) makes this one stop: see `_unchanged`.
            with self._importing():
                with self._locked():
                    self.refresh()
                    self._settle()
                    seen = set(self._lookup_column("fp").values())
                    first_id = next_id = int(self._meta.get("next_id", 1))
                    before = self._stamp(self.layout.index)
                    before_ids = set(self._index)
                new = _NewColumns(self.root, first_id)
                pending: list[tuple[int, records.Prepared]] = []
                created: list[Path] = []  # corpus shards this part made
                part_first = first_id  # the first id of the part being written
                writing = True
                backed_up = False
                for batch in batches:
                    fresh: list[tuple[int, records.Prepared]] = []
                    for item in batch:
                        if item.fp in seen:
                            result.duplicates += 1
                            continue
                        seen.add(item.fp)
                        fresh.append((next_id, item))
                        next_id += 1
                    writing = writing and keep()
                    if not fresh or not writing:
                        continue  # read on: every bad record is reported
                    if search is None:
                        if not backed_up:
                            from foitui.store.backup import make_backup

                            with self._locked():
                                self._unchanged(before, result.imported)
                                if before_ids:
                                    make_backup(self.root)  # the store before this import
                            backed_up = True
                            ensure_dir(self.layout.corpus_dir)
                        # Indexed in a thread from now on, committed after the index below.
                        search = _SearchFeed()
                        search.finish = self._fulltext.adding(
                            search.items(), before_ids, search.close
                        )
                    search.put([(rid, f"{rid} {item.search}") for rid, item in fresh])
                    new.add(fresh)
                    pending.extend(fresh)
                    if parts and len(new.ids) >= self.part_size() and keep():
                        with self._locked():
                            self._unchanged(before, result.imported)
                            self._commit_import(
                                new, pending, part_first, next_id, created, source, None
                            )
                            before = self._stamp(self.layout.index)
                        result.imported = Imported(range(first_id, next_id))
                        pending, created, part_first = [], [], next_id
                        # Its texts too, the lock let go (the rest of indexing a part must not
                        # hold up others' edits); the next batch starts the next part's.
                        search.done(True)
                        search = None
                    elif shard_of(pending[0][0]) != shard_of(pending[-1][0]):  # a shard is whole
                        with self._locked():
                            self._unchanged(before, result.imported)
                            pending = self._write_corpus(pending, part_first, created, whole=False)
                with self._locked():
                    if not new.ids or not (writing and keep()):
                        if new.ids and self._stamp(self.layout.index) == before:
                            for path in created:  # abandoned: its own shards go again
                                with contextlib.suppress(OSError):
                                    path.unlink()
                        return result  # the parts committed before, if any
                    self._unchanged(before, result.imported)

                    def done() -> None:
                        nonlocal committed
                        committed = True
                        result.imported = Imported(range(first_id, new.ids[-1] + 1))

                    seen.clear()  # 100 MB at a million requests, and no longer needed
                    self._commit_import(new, pending, part_first, next_id, created, source, done)
                # The search index's commit (or roll-back) waits until the store's lock is
                # released, so that the rest of indexing 100,000 texts does not hold up
                # others' edits; but not the import lock's, so that nobody meanwhile adds
                # the same texts (FullText.ready).
                if search is not None:
                    search.done(committed)
                    search = None
                if committed:  # the import lock still held: nobody else writes the index
                    self._fulltext.merge(len(result.imported), len(self._index))
        except StoreWriteError as error:
            if not result.imported:
                raise
            # "nothing was changed" is true of the part being written, not of those before.
            raise StoreWriteError(
                f"{str(error).removesuffix('; nothing was changed')}; the import stopped after "
                f"{result.imported}: free some space and import the file again to carry on"
            ) from error
        finally:
            if search is not None:  # an error: the texts are not kept
                search.done(False)
            if new is not None:
                new.close()
        return result

    def part_size(self) -> int:
        """How many new requests an import commits at once when it commits in parts (see
        `import_stream`): as many as the store holds, within PART_MIN and PART_MAX. A part
        rewrites the whole index, so parts that grow with the store keep an import's cost
        linear: the index is written about twice over, not once per part."""
        return max(PART_MIN, min(len(self._index), PART_MAX))

    @contextlib.contextmanager
    def _importing(self) -> Iterator[None]:
        """The import lock: one import at a time into a store (each takes the store's lock
        only to write; two at once would hand out the same ids)."""
        if self.readonly:
            raise ReadOnlyStoreError(f"the store {self.root} is read-only; nothing was changed")
        with self._held(
            self._import_lock(LOCK_TIMEOUT_S),
            f"another import into the store {self.root} is running; try again when it is done",
        ):
            yield

    def _import_lock(self, timeout: float) -> FileLock:
        return FileLock(
            str(self.layout.import_lock),
            timeout=timeout,
            mode=file_mode(self.root),
            thread_local=False,
        )

    def _import_running(self) -> bool:
        """Whether an import (by any process, this one's threads included) holds the import
        lock now. Asked without waiting; a lock taken for a moment to ask is let go at once."""
        if self.readonly or not self.layout.import_lock.exists():
            return False
        lock = self._import_lock(0)
        try:
            lock.acquire()
        except (Timeout, OSError):
            return True
        lock.release()
        return False

    def _unchanged(self, stamp: tuple[int, int] | None, imported: Imported) -> None:
        """Under the lock, during an import: the index is as this import last left it, when
        it began or committed a part (`imported`, the ids so far): only a restore, or an
        import by an older foitui, changes it meanwhile."""
        if self._stamp(self.layout.index) == stamp:
            return
        done = (
            f"the import stopped after {imported}: import the file again to carry on"
            if imported
            else "nothing was imported: import the file again"
        )
        raise StoreBusyError(
            f"the store {self.root} was changed by another process during the import "
            f"(a restore?); {done}"
        )

    def _commit_import(
        self,
        new: _NewColumns,
        pending: list[tuple[int, records.Prepared]],
        first_id: int,
        next_id: int,
        created: list[Path],
        source: str | Callable[[], str],
        committed: Callable[[], None] | None,
    ) -> None:
        """Under the lock: the rest of an import's corpus from `first_id` on, its lookup
        columns, then the index (the commit point: `committed` is called once it is
        written), the journal and what this process holds of the store. `committed` None:
        a part of an import that goes on (`import_stream`), after which `new` holds the next
        part's index columns."""
        last_part = committed is not None
        self._write_corpus(pending, first_id, created, whole=True)
        del pending
        base = self._index.full() if isinstance(self._index, CachedIndex) else self._index
        self._write_lookup(base, new)
        start = len(base.ids)
        meta = dict(self._meta, schema=SCHEMA_VERSION, next_id=next_id)
        first, last = new.ids[0], new.ids[-1]
        named = source() if callable(source) else source
        note = f"imported {len(new.ids)} from {named} (ids {first}-{last})"
        change = Change(
            id=uuid.uuid4().hex[:12],
            at=_now(),
            user=self.user,
            request=None,
            action="import",
            note=note if last_part else f"{note}, the import going on",
        )
        # The commit point, with the import's journal entry in its outbox. The index is the
        # store's columns and then the import's, written without copying either.
        outbox = self._outbox([change])
        self._write_index(meta, base, outbox, new)
        if committed is not None:
            committed()
        if start:
            index = base.extended_by(new.ids, new.columns)
        else:  # a new store: the import's columns are its index, not copied
            index = ColumnIndex(new.ids, new.columns)
        new.next_part()
        self._outboxes[self.layout.index] = outbox["1"]
        self._journal([change])
        was = self._index_stamp
        self._index = index
        self._index_version += 1
        self._kept_tallies = None
        self._meta = meta
        stamp = rowcache.stamp_of(self.layout.index)
        self._stamps[self.layout.index] = stamp[:2] if stamp else (0, 0)
        self._index_stamp = stamp
        self._cached_index = None  # let go of, not closed: see `_load_index`
        if stamp is not None and was is not None:  # the import's rows, added to the cache
            columns = [index.columns[name][start:] for name in records.INDEX_COLUMNS]
            rows = zip(
                index.ids[start:],
                map(records.IndexRow._make, zip(*columns, strict=True)),
                strict=True,
            )
            self._write_row_cache(stamp, outbox["1"], (was, rows))
            del columns, rows
        elif stamp is not None:  # made anew from the index
            self._write_row_cache(stamp, outbox["1"])
        self._summaries = None
        self._lookup = None  # read again when needed: kept, it cost memory by request
        self._lookup_inline = None
        self._journal_offset = self._journal_size()
        self._rebuild_backlinks()
        if not last_part:
            return
        # And with it: a restore never takes a finished import back out. (Only the
        # corpus shards this import wrote are copied; the others are shared with the
        # backup before it. At 100,000 requests the ~40 MB index is copied too.) The
        # import is done: a backup that fails (a full disk) does not undo it.
        from foitui.store.backup import make_backup

        with contextlib.suppress(StoreError, OSError):
            make_backup(self.root)

    def _write_corpus(
        self,
        pending: list[tuple[int, records.Prepared]],
        first_id: int,
        created: list[Path],
        *,
        whole: bool,
    ) -> list[tuple[int, records.Prepared]]:
        """Corpus shards, from documents already encoded as JSON by the workers: every shard
        of `pending` (ids ascending), but with `whole` False the last, which the next batch
        may add to; returns what was not written. Each shard is written once an import."""
        keep_back = [] if whole or not pending else [shard_of(pending[-1][0])]
        by_shard: dict[int, list[tuple[int, records.Prepared]]] = {}
        rest: list[tuple[int, records.Prepared]] = []
        for rid, item in pending:
            shard = shard_of(rid)
            if shard in keep_back:
                rest.append((rid, item))
            else:
                by_shard.setdefault(shard, []).append((rid, item))
        for shard, items in by_shard.items():
            path = self.layout.corpus(shard)
            existing = (AtomicJSONStorage(path).read() or {}).get("records", {})
            if not path.exists():
                created.append(path)
            # Bytes throughout: the workers' UTF-8 documents are copied, never decoded. Ids
            # from `first_id` on are no request's: an import that died or was abandoned.
            parts = [
                dump_json({key: doc})[1:-1]
                for key, doc in existing.items()
                if not key.isdigit() or int(key) < first_id
            ]
            parts.extend(b'"%d":%b' % (rid, item.doc) for rid, item in items)
            atomic_write_bytes(path, b'{"records":{' + b",".join(parts) + b"}}")
        return rest

    def _write_lookup(self, index: ColumnIndex, new: _NewColumns) -> None:
        """lookup.json: the store's lookup columns as they were before the import (read the
        first time, kept in `new`), then the import's (every part so far)."""
        if new.lookup_before is None:
            old = {name: self._lookup_column(name) for name in records.LOOKUP_COLUMNS}
            ids = index.ids[: bisect.bisect_left(index.ids, new.first_id)]
            new.lookup_before = (
                ids,
                [old["fp"].get(rid, "") for rid in ids],
                [old["terms"].get(rid, "") for rid in ids],
            )
            del old
        ids, fps, terms = new.lookup_before
        mine = range(new.first_id, new.first_id + len(new.fp))
        columns: dict[str, Sequence[Any] | Iterable[bytes]] = {
            "fp": _Joined(fps, new.fp),
            "terms": new.terms.json(terms),
        }
        atomic_write_chunks(
            self.layout.lookup, _columns_json({}, _Joined(ids, mine), columns, None)
        )

    def _write_index(
        self,
        meta: dict[str, Any],
        index: ColumnIndex,
        outbox: dict[str, Any] | None = None,
        new: _NewColumns | None = None,
    ) -> None:
        """index.json: `index`'s rows, then `new`'s (an import's), joined as they are written."""
        ids: Sequence[int] = index.ids
        columns: Mapping[str, Sequence[Any]] = index.columns
        if new is not None:
            ids = _Joined(index.ids, new.ids)
            columns = {name: _Joined(index.columns[name], new.columns[name]) for name in columns}
        atomic_write_chunks(self.layout.index, _columns_json({"1": meta}, ids, columns, outbox))

    # ------------------------------------------------------- journal and outboxes

    def _keep_outbox(self, path: Path, data: dict[str, Any]) -> None:
        outbox = (data.get("outbox") or {}).get("1")
        if isinstance(outbox, dict) and outbox.get("changes"):
            self._outboxes[path] = outbox
        else:
            self._outboxes.pop(path, None)

    def _journal_size(self) -> int:
        try:
            return self.layout.journal.stat().st_size
        except FileNotFoundError:
            return 0

    def _outbox(self, changes: Sequence[Change]) -> dict[str, Any]:
        """The outbox table of a file that commits `changes` (see the module docstring)."""
        return {"1": {"offset": self._journal_size(), "changes": [c.to_json() for c in changes]}}

    @staticmethod
    def _journal_bytes(entries: Sequence[dict[str, Any]]) -> bytes:
        return b"".join(
            json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n" for entry in entries
        )

    def _append_journal(self, entries: Sequence[dict[str, Any]]) -> None:
        """Append whole lines to the journal; raises StoreWriteError (cut off again) on failure."""
        path = self.layout.journal
        prefix = b""
        # A writer killed mid-append leaves a line without its newline: start a fresh line.
        with contextlib.suppress(OSError), path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            if handle.tell():
                handle.seek(-1, os.SEEK_END)
                if handle.read(1) != b"\n":
                    prefix = b"\n"
        append_bytes(path, prefix + self._journal_bytes(entries))

    def _journal(self, changes: Sequence[Change]) -> None:
        """Append the entries of changes already committed with their outbox. A failure here
        (a full disk) loses nothing: the outbox keeps them until the next writer settles them."""
        with contextlib.suppress(StoreError):
            self._append_journal([c.to_json() for c in changes])
            self._settled.update(c.id for c in changes)

    def _in_journal(self, outbox: dict[str, Any]) -> list[dict[str, Any]]:
        """The entries of `outbox` that the journal lacks."""
        entries = [e for e in outbox.get("changes") or [] if isinstance(e, dict)]
        expected = self._journal_bytes(entries)
        offset = outbox.get("offset")
        if isinstance(offset, int) and offset >= 0:
            found = read_at(self.layout.journal, offset, len(expected) + 1)
            if found.startswith(expected) or found.startswith(b"\n" + expected):
                return []  # the usual case: appended where the outbox said, nothing to do
        # Not where expected (a journal replaced by restore, or written by an older foitui):
        # look for the ids themselves, so that an entry is never made twice.
        lines, _ = read_lines_from(self.layout.journal, 0)
        ids = set()
        for line in lines:
            with contextlib.suppress(ValueError, AttributeError):
                ids.add(json.loads(line).get("id"))
        return [e for e in entries if e.get("id") not in ids]

    def _settle(self) -> None:
        """Under the lock: append to the journal whatever an outbox holds and it lacks (a
        writer that died, or whose append failed, after its commit)."""
        for outbox in list(self._outboxes.values()):
            ids = {e.get("id") for e in outbox.get("changes") or [] if isinstance(e, dict)}
            if ids <= self._settled:
                continue
            missing = self._in_journal(outbox)
            if missing:
                self._append_journal(missing)  # a full disk: raised, and nothing is written
            self._settled.update(ids)
        self._journal_offset = self._journal_size()

    def _unsettled(self, known: set[str]) -> list[Change]:
        """Outbox entries not among the journal's ids `known`, oldest first."""
        pending = [
            Change.from_json(entry)
            for outbox in self._outboxes.values()
            for entry in outbox.get("changes") or []
            if isinstance(entry, dict) and entry.get("id") not in known
        ]
        return sorted(pending, key=lambda change: change.at)

    def _change(
        self,
        request_id: str,
        path: tuple[str, ...],
        new: Any,
        *,
        action: str,
        note: str | None = None,
    ) -> Change | None:
        """Set one value in a request's triage state; journalled; None when nothing changed.

        `new` may be a callable of the value on disk, called under the lock (it may raise
        StoreError to refuse the change)."""
        changes = self._changes(request_id, [Edit(path, new, action, note)])
        return changes[0] if changes else None

    def _changes(self, request_id: str, edits: Sequence[Edit]) -> list[Change]:
        """Set several values of one request's triage state in one atomic write, each with its
        journal entry: all of them are saved or none (an error says "nothing was changed" and
        means it). Each edit sees the values of those before it. Those that change nothing are
        left out of the result."""
        with self._locked():
            self.refresh()
            self._settle()
            rid = self._int_id(request_id)
            shard_path = self.layout.triage(shard_of(rid))
            db = TinyDB(shard_path, storage=AtomicJSONStorage)
            data = db.storage.read() or {}
            table = data.setdefault("triage", {})
            original = table.get(str(rid)) or {}
            doc = original
            changes: list[Change] = []
            had = rid in self._triage
            before = self._triage.get(rid)
            try:
                for edit in edits:
                    old = records.get_path(doc, edit.path)
                    new = edit.new
                    if callable(new):
                        # Computed from the value on disk, under the lock: no other writer
                        # slips between. Checks that read the rest of the request see the
                        # edits before this one.
                        self._triage[rid] = doc
                        new = new(old)
                    if old == new:
                        continue
                    changes.append(
                        Change(
                            id=uuid.uuid4().hex[:12],
                            at=_now(),
                            user=self.user,
                            request=str(rid),
                            action=edit.action,
                            path=edit.path,
                            old=old,
                            new=new,
                            note=edit.note,
                        )
                    )
                    doc = records.set_path(doc, edit.path, new)
                if not changes:
                    return []
                table[str(rid)] = doc
                data["outbox"] = self._outbox(changes)
                for place in (self.layout.triage_dir, self.layout.journal):
                    if place.is_symlink():  # made since the store was opened
                        raise StoreError(f"{place} is a symbolic link; nothing was changed")
                ensure_dir(self.layout.triage_dir)
                # The commit point: the edit and its journal entries, in one atomic replace.
                db.storage.write(data)
            except BaseException:
                if had:
                    self._triage[rid] = before  # type: ignore[assignment]
                else:
                    self._triage.pop(rid, None)
                raise
            self._stamps[shard_path] = self._stamp(shard_path) or (0, 0)
            self._outboxes[shard_path] = data["outbox"]["1"]
            self._triage[rid] = doc
            self._journal(changes)
            self._refresh_summary(rid)
            paths = [change.path for change in changes]
            if any(p[0] == "fields" and p[-1] in _SEARCHED_FIELDS for p in paths):
                self._fulltext.changed(rid)
            self._journal_offset = self._journal_size()
            self.last_change = changes[-1]
            if any(p[0] == "links" or p == ("fields", "ref") for p in paths):
                self._rebuild_backlinks()
            return changes

    # Public edits: each is one `_change`, so each is undoable and audited.

    def set_field(self, request_id: str, name: str, value: Any) -> Change | None:
        changes = self.set_fields(request_id, {name: value})
        return changes[0] if changes else None

    def set_fields(
        self, request_id: str, fields: dict[str, Any], *, seen: dict[str, Any] | None = None
    ) -> list[Change]:
        """Set several fields at once: all saved or none. The reference is checked first.

        `seen`: the values (by field name) the user saw when they began the edit (the app's
        edit form); a field changed since by someone else is not overwritten unseen: nothing
        is saved and StoreError says what changed.
        """
        edits = []
        for name, raw in sorted(fields.items(), key=lambda item: item[0] != "ref"):
            if name not in EDITABLE_FIELDS:
                raise StoreError(f"{name!r} is not an editable field")
            value = records.clean_field(name, raw)
            new: Any = value
            if name == "ref" and value:
                new = self._unique_ref(request_id, value)
            elif name in ("received", "responded") and value:
                new = self._dates_in_order(request_id, name, value)
            elif name == "law" and value:
                new = self._law_change(request_id, value)
            elif name == "specified_day" and value:
                new = self._specified_day(request_id, value, fields)
            if seen is not None and name in seen:
                new = self._field_unless_changed(request_id, name, value, seen[name], new)
            edits.append(Edit(("fields", name), new, f"set {name}"))
        changes = self._changes(request_id, edits)
        if "status" in fields:
            # The clock follows the status: waiting for clarification stops it.
            follow = self._clock_follows_status(request_id)
            if follow is not None:
                changes.append(follow)
        return changes

    def _field_unless_changed(
        self, request_id: str, name: str, value: Any, seen: Any, then: Any
    ) -> Callable[[Any], Any]:
        """`then` (a value or a check), if the field is still what the user saw."""
        rid = self._int_id(request_id)

        def checked(old: Any) -> Any:
            edited = self._triage.get(rid, {}).get("fields") or {}
            current = edited[name] if name in edited else getattr(self._index[rid], name, None)
            if _shown(current) not in (_shown(seen), _shown(value)):
                path = ("fields", name)
                raise StoreError(
                    f"{self._changed_since(str(rid), path, _shown(current), 'meanwhile')}; "
                    f"yours was not saved: {_shown(value)!r} (nor the rest of this edit)"
                )
            return then(old) if callable(then) else then

        return checked

    def _dates_in_order(self, request_id: str, name: str, value: str) -> Callable[[Any], Any]:
        """The new received or responded date, checked under the lock: the app (clock screen,
        edit form) and `foitui set` alike cannot record a response before receipt, nor a
        receipt whose due date is past the calendar (that would break every list)."""
        rid = self._int_id(request_id)

        def checked(old: Any) -> Any:
            edited = self._triage.get(rid, {}).get("fields") or {}
            dates = {
                "received": edited.get("received", self._index[rid].received),
                "responded": edited.get("responded", self._index[rid].responded),
                name: value,
            }
            problem = records.response_before_receipt(rid, dates["received"], dates["responded"])
            if problem:
                raise StoreError(problem)
            if name == "received":
                from foitui.deadlines import CalendarRangeError

                law = edited.get("law") or self._index[rid].law or "foi"
                try:
                    records.due_for(
                        date.fromisoformat(value),
                        Law(law),
                        self._triage.get(rid, {}),
                        *self._clock_settings(),
                    )
                except CalendarRangeError as error:
                    raise StoreError(f"request {rid}: {error}") from None
            return value

        return checked

    def _specified_day(
        self, request_id: str, value: str, fields: dict[str, Any]
    ) -> Callable[[Any], Any]:
        """The day the Commissioner specified (SI 2004/3364 reg. 5, 6), checked under the lock
        against the request's law and receipt as they will be after this edit."""
        from foitui.law.time_limits import specified_days

        rid = self._int_id(request_id)

        def checked(old: Any) -> Any:
            edited = self._triage.get(rid, {}).get("fields") or {}
            row = self._index[rid]
            new = {k: records.clean_field(k, fields.get(k)) for k in ("received", "law")}
            received = new["received"] or edited.get("received", row.received)
            law = new["law"] or edited.get("law") or row.law or "foi"
            if not received:
                raise StoreError(f"request {rid} has no received date to count the day from")
            try:
                specified_days(
                    records._date(received),  # type: ignore[arg-type]
                    Law(law),
                    date.fromisoformat(value),
                    self.receipt_day(),
                )
            except ValueError as error:
                raise StoreError(f"request {rid}: {error}") from None
            return value

        return checked

    def _law_change(self, request_id: str, law: str) -> Callable[[Any], Any]:
        """The new law, refused under the lock while an extension of the old law stands (the
        app's edit form as `foitui set`)."""
        rid = self._int_id(request_id)

        def checked(old: Any) -> Any:
            triage = self._triage.get(rid, {})
            current = old or self._index[rid].law or "foi"
            extension = int(triage.get("extension_days") or 0)
            problem = records.extension_stranded(rid, current, law, extension)
            if problem:
                raise StoreError(problem)
            return law

        return checked

    def _unique_ref(self, request_id: str, ref: str) -> Callable[[Any], Any]:
        """The new reference, checked under the lock against every other request's: a reference
        names one request ("show FOI 11726", links and references resolve through it)."""
        rid = self._int_id(request_id)

        def checked(old: Any) -> Any:
            other = self._ref_owner(ref_key(ref))
            if other is not None and other != rid and old != ref:
                raise StoreError(f"{ref!r} is already the reference of request {other}")
            return ref

        return checked

    def mark(
        self,
        request_id: str,
        key: str,
        *,
        outcome: Outcome | str | None = None,
        exemptions: Iterable[str] | None = None,
        note: str | records.Unset | None = records.UNSET,
        hours: float | records.Unset | None = records.UNSET,
        seen: dict[str, Any] | None = None,
    ) -> list[Change]:
        """Set a question's outcome, exemptions, note or hours estimate.

        `seen`: the values (by name: "exemptions", "note", "hours") the user saw when they
        began this edit; one changed since by someone else is kept, and StoreError says so.
        """
        keys = records.question_keys(self.index_row(request_id))
        if key not in keys:
            raise NotFoundError(
                f"request {request_id} has no question {key!r} (questions: {', '.join(keys)})"
            )
        seen = seen or {}
        if exemptions is not None:
            exemptions = list(exemptions)
            self._check_exemption_laws(request_id, key, exemptions)

        def value(name: str, new: Any) -> Any:
            if name not in seen:
                return new
            return self._unless_changed(request_id, key, name, new, seen[name])

        edits = []
        if outcome is not None:
            edits.append(
                Edit(("questions", key, "outcome"), Outcome(outcome).value, "mark outcome")
            )
        if exemptions is not None:
            edits.append(
                Edit(
                    ("questions", key, "exemptions"),
                    value("exemptions", list(exemptions)),
                    "mark exemptions",
                )
            )
        if not isinstance(note, records.Unset):
            edits.append(Edit(("questions", key, "note"), value("note", note or None), "note"))
        if not isinstance(hours, records.Unset):
            edits.append(Edit(("questions", key, "hours"), value("hours", hours), "estimate hours"))
        # One write: the outcome is never saved without the note given with it, or the reverse.
        changes = self._changes(request_id, edits) if edits else []
        if outcome is not None:
            follow = self._clock_follows_status(request_id)
            if follow is not None:
                changes.append(follow)
        return changes

    def _clock_follows_status(self, request_id: str) -> Change | None:
        """One fact, one place: a request waiting for clarification (its status set so, or every
        question marked clarification needed) has its clock stopped (FOIA s.1(3) with s.10(6)(b);
        EIR reg. 9(4); FOISA s.1(3); EISR reg. 9(4)). Without a stop recorded yet, one starts
        today (never before receipt); the officer can correct its date in the clock."""
        row = self.summary(request_id)
        if row.status is not Status.WAITING_CLARIFICATION:
            return None
        stops = self.triage_doc(request_id).get("stops") or []
        if any(s.get("kind") == "clarification" and not s.get("end") for s in stops):
            return None
        start = self.today()
        if row.received is not None and start < row.received:
            start = row.received
        return self.start_stop(request_id, "clarification", start)

    def link(
        self,
        request_id: str,
        target: str,
        *,
        kind: LinkKind | str = LinkKind.RELATED,
        note: str | None = None,
    ) -> Link:
        """Link to another request, or to an external case by reference."""
        rid = self._int_id(request_id)
        target_id = self.find(target)
        if target_id is not None and int(target_id) == rid:
            raise StoreError("a request cannot be linked to itself")
        stored_target = target_id if target_id is not None else " ".join(target.split())
        if not stored_target:
            raise StoreError("a link needs a target: an id or a reference")
        value = {"target": stored_target, "kind": LinkKind(kind).value, "note": note or None}
        self._change(request_id, ("links", records.link_key(stored_target)), value, action="link")
        from foitui.models import Link

        return Link(
            target=stored_target,
            kind=LinkKind(kind),
            note=note or None,
            external=target_id is None,
        )

    def unlink(self, request_id: str, target: str) -> Change:
        rid = self._int_id(request_id)
        links = self._triage.get(rid, {}).get("links") or {}
        target_id = self.find(target)
        candidates = {records.link_key(target)}
        if target_id is not None:
            candidates.add(records.link_key(target_id))
            ref = self.summary(target_id).ref
            if ref:
                candidates.add(records.link_key(ref))
        for key in candidates:
            if key in links:
                change = self._change(request_id, ("links", key), None, action="unlink")
                assert change is not None
                return change
        raise NotFoundError(f"request {request_id} has no link to {target!r}")

    def _changed_since(self, request_id: str, path: tuple[str, ...], now: Any, when: str) -> str:
        """ "#3: Q1's note was changed <when> by bob at 2026-12-06 13:43 (now 'x')"."""
        later = [c for c in self.history(request_id) if c.path == path]
        by = f" by {later[-1].user} at {later[-1].at[:16].replace('T', ' ')}" if later else ""
        return f"#{request_id}: {_path_words(path)} was changed {when}{by} (now {now!r})"

    def _unless_changed(
        self, request_id: str, key: str, name: str, new: Any, seen: Any
    ) -> Callable[[Any], Any]:
        """`new`, if the value on disk is still the one the user saw (`seen`) when starting the
        edit: an edit made meanwhile by another user is not overwritten unseen."""
        rid = self._int_id(request_id)

        def checked(old: Any) -> Any:
            current = old
            if old is None:  # none under this key: what a correction carried here, if any
                current = ((self._view(rid).get("questions") or {}).get(key) or {}).get(name)
            if name == "exemptions" and current is None:  # none marked by hand: the parsed ones
                row = self._row(rid)
                parsed = dict(
                    zip(records.question_keys(row), row.exemptions.split(";"), strict=False)
                )
                current = parsed.get(key, "").split(",") if parsed.get(key) else []
            if current not in (seen, new):  # the same value from both is no conflict
                path = ("questions", key, name)
                raise StoreError(
                    f"{self._changed_since(str(rid), path, current, 'meanwhile')}; "
                    f"yours was not saved: {new!r}"
                )
            return new

        return checked

    def undo(self, change: Change) -> Change | None:
        """Put back the value a change replaced (itself journalled, so undo is audited)."""
        if not change.path or change.request is None:
            raise StoreError("that change cannot be undone")
        if change.path[0] == "case_notes":
            # Case notes are held information: altering them after a request for them is an
            # offence (FOIA s.77), so the thread only ever grows.
            raise StoreError("a case note is never removed: add another note to correct it")

        request = change.request

        def back(current: Any) -> Any:
            # Checked under the lock: another user's later change is never silently undone.
            if current != change.new:
                raise StoreError(
                    f"{self._changed_since(request, change.path, current, 'again since')}; "
                    "nothing was undone"
                )
            return change.old

        return self._change(
            change.request, change.path, back, action="undo", note=f"undo {change.id}"
        )

    # ----------------------------------------------------------------- the clock

    def start_stop(self, request_id: str, kind: str, start: date) -> Change | None:
        """Stop the clock: clarification sought (s.1(3)) or fees notice given (s.9)."""
        from foitui.deadlines import StopKind

        kind = StopKind(kind).value
        received = self.summary(request_id).received
        if received and start < received:
            raise StoreError(f"a clock stop cannot start before receipt ({received.isoformat()})")

        def add(old: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
            stops = list(old or [])
            if any(s["kind"] == kind and not s.get("end") for s in stops):
                raise StoreError(f"the clock is already stopped for {kind}; end that stop first")
            if any(s.get("end") and s["start"] <= start.isoformat() <= s["end"] for s in stops):
                raise StoreError(f"{start.isoformat()} falls inside an earlier clock stop")
            return [*stops, {"kind": kind, "start": start.isoformat(), "end": None}]

        label = "clarification sought" if kind == "clarification" else "fees notice given"
        return self._change(
            request_id, ("stops",), add, action="clock stop", note=f"{label} {start.isoformat()}"
        )

    def end_stop(self, request_id: str, kind: str, end: date) -> list[Change]:
        """Restart the clock: clarification received, or fee paid. Returns every change made
        (the status that followed the clock included), so that one undo puts back both."""
        from foitui.deadlines import StopKind

        kind = StopKind(kind).value

        def close(old: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
            stops = [dict(s) for s in old or []]
            open_stops = [s for s in stops if s["kind"] == kind and not s.get("end")]
            if not open_stops:
                raise StoreError(f"the clock is not stopped for {kind}")
            stop = open_stops[-1]
            if end.isoformat() < stop["start"]:
                raise StoreError(f"the stop began {stop['start']}; it cannot end before that")
            stop["end"] = end.isoformat()
            return stops

        label = "clarification received" if kind == "clarification" else "fee paid"
        change = self._change(
            request_id, ("stops",), close, action="clock restart", note=f"{label} {end.isoformat()}"
        )
        # The status follows the clock: a status set by hand to "waiting for clarification"
        # gives way to the one the outcomes give, now that the reply has come.
        fields = self.triage_doc(request_id).get("fields") or {}
        if kind == "clarification" and fields.get("status") == Status.WAITING_CLARIFICATION.value:
            status = self._change(request_id, ("fields", "status"), None, action="set status")
            return [c for c in (change, status) if c is not None]
        return [change] if change is not None else []

    def settings(self) -> dict[str, Any]:
        """The store's settings (`settings.json`, a JSON object); empty when there are none. A
        damaged file is an error, never silently replaced."""
        try:
            raw = self.layout.settings.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise StoreError(f"cannot read {self.layout.settings}: {error.strerror}") from error
        try:
            data = json.loads(raw)
        except ValueError as error:
            raise StoreError(f"{self.layout.settings} is damaged: {error}") from error
        if not isinstance(data, dict):
            raise StoreError(f"{self.layout.settings} is damaged: not a JSON object")
        return data

    def set_setting(self, name: str, value: str | None) -> Change | None:
        """Set one setting (None removes it); journalled like every change."""
        from foitui.deadlines import RECEIPT_DAYS

        if name == "receipt_day" and value is not None and value not in RECEIPT_DAYS:
            raise StoreError(f"receipt_day is one of {', '.join(RECEIPT_DAYS)}, not {value!r}")
        if name == "clarification_lapse" and value is not None:
            from foitui.law.lapses import parse_period

            try:
                parse_period(value)
            except ValueError as error:
                raise StoreError(str(error)) from None
        if name == "school_closures" and value is not None:
            from foitui.law.time_limits import parse_closures

            try:
                parse_closures(value)
            except ValueError as error:
                raise StoreError(str(error)) from None
        if name in ("teams", "clearance_rule") and value is not None:
            from foitui import team

            try:
                value = team.check_teams(value) if name == "teams" else team.check_rule(value)
            except ValueError as error:
                raise StoreError(str(error)) from None
        if name == "body_type" and value is not None:
            from foitui.law.time_limits import check_body_type

            try:
                value = check_body_type(value)
            except ValueError as error:
                raise StoreError(str(error)) from None
        with self._locked():
            data = self.settings()
            old = data.get(name)
            if old == value:
                return None
            change = Change(
                id=uuid.uuid4().hex[:12],
                at=_now(),
                user=self.user,
                request=None,
                action="setting",
                path=("settings", name),
                old=old,
                new=value,
            )
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
            text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            # The file first, then its history: the journal never claims a setting the store
            # lacks (a failed write raises before any entry is made).
            atomic_write_bytes(self.layout.settings, text.encode("utf-8"))
            self._journal([change])
            if name in ("receipt_day", "body_type", "school_closures"):  # due dates may move
                with self._mutex:
                    self._clock = None
                    self._summaries = None
            return change

    def set_review(
        self,
        request_id: str,
        requested: date | None,
        completed: date | None = None,
        outcome: str | None = None,
    ) -> Change | None:
        """Record a request for internal review (and, with `completed` and `outcome`, its
        answer); ``requested=None`` removes it. The rules are `law.reviews.review_problem`."""
        from foitui.law.reviews import review_problem

        if requested is None:
            return self._change(request_id, ("review",), None, action="review", note="removed")
        problem = review_problem(
            request_id, self.summary(request_id).received, requested, completed, outcome
        )
        if problem:
            raise StoreError(problem)
        value = {
            "requested": requested.isoformat(),
            "completed": completed.isoformat() if completed else None,
            "outcome": outcome,
        }
        note = f"review requested {requested.isoformat()}" + (
            f", completed {completed.isoformat()}: {outcome}" if completed else ""
        )
        return self._change(request_id, ("review",), value, action="review", note=note)

    def _check_exemption_laws(self, request_id: str, key: str, codes: list[str]) -> None:
        """Refuse a code of another law than the request's (`law.equivalents.wrong_law`), before
        anything is written. Codes the question already has stay (the parser keeps what a
        response cites, even under two laws), so only the ones being added are judged."""
        from foitui.law.equivalents import wrong_law

        request = self.get(request_id)
        had = next((q.exemptions for q in request.questions if q.key == key), [])
        for code in codes:
            problem = None if code in had else wrong_law(code, request.law)
            if problem:
                raise StoreError(problem)

    def set_extension(
        self, request_id: str, days: int, reason: str, notice: date | None = None
    ) -> Change | None:
        """Extend the time limit: EIR or EISR reg. 7 (to 40 days) or a public interest test
        extension (FOIA s.10(3)); which one a law allows is its regime's `extension_reason`.
        `notice`: the day the applicant was told (FOIA s.17(2), EIR reg. 7(3), EISR reg. 7(2));
        given after the time for compliance, the extension does not move the deadline."""
        from foitui.deadlines import PIT_MAX_EXTRA_DAYS, PIT_TYPO_GUARD_DAYS
        from foitui.law.regimes import regime

        row = self.summary(request_id)
        law = row.law
        rules = regime(law)
        # reg. 7: to 40 working days, so 20 more; FOIA s.10(3): "such time as is reasonable".
        top = PIT_TYPO_GUARD_DAYS if reason == "pit" else PIT_MAX_EXTRA_DAYS
        if days < 0 or days > top:
            raise StoreError(f"an extension is 0 to {top} working days")
        if notice is not None and row.received is not None and notice < row.received:
            raise StoreError(f"the extension notice cannot come before receipt ({row.received})")
        if days and rules.extension_reason is None:
            raise StoreError(f"{rules.name} has no extension of the 20 working days")
        if days and reason == "eir" and rules.extension_reason != "eir":
            raise StoreError(
                "the reg. 7 extension to 40 days applies to EIR and EISR requests only"
            )
        if days and reason == "pit" and rules.extension_reason != "pit":
            raise StoreError("the public interest extension (s.10(3)) applies to FOIA requests")
        why = {"eir": f"{rules.extension}", "pit": "public interest test s.10(3)"}
        if days and notice is not None:
            self._change(
                request_id,
                ("extension_notice",),
                notice.isoformat(),
                action="extension notice",
                note=f"extension notice given {notice.isoformat()}",
            )
        elif not days:
            self._change(request_id, ("extension_notice",), None, action="extension notice")
        return self._change(
            request_id,
            ("extension_days",),
            days or None,
            action="extension",
            note=f"{days} working days: {why.get(reason, reason)}" if days else "extension removed",
        )

    # ----------------------------------------------------------------- the team

    def assign(self, request_id: str, assignee: str | None) -> Change | None:
        """Give the request to an officer (a login name) or a team (`team:NAME`, one of the
        `teams` setting); None unassigns. See foitui/team.py."""
        from foitui import team

        value = None
        if assignee is not None:
            try:
                value = team.check_assignee(assignee, self.settings())
            except ValueError as error:
                raise StoreError(str(error)) from None
        note = f"assigned to {value}" if value else "unassigned"
        return self._change(request_id, ("assignee",), value, action="assign", note=note)

    def people(self) -> list[str]:
        """Everyone who has used the store (from the journal), by name."""
        from foitui import team

        return team.people([self.user, *(c.user for c in self.history())])

    def teams(self) -> list[str]:
        from foitui import team

        return team.teams(self.settings())

    def uses_team(self) -> bool:
        """Whether this store assigns requests or signs them off (the list then shows who
        holds each): a team, a clearance rule, or a request assigned or marked."""
        settings = self.settings()
        if settings.get("teams") or settings.get("clearance_rule") not in (None, "none"):
            return True
        with self._mutex:
            return any(doc.get("assignee") or doc.get("clearance") for doc in self._triage.values())

    def assigned(self, assignee: str) -> list[str]:
        """Ids of the requests `assignee` holds, open or not: read from the triage state alone
        (few requests have any), so the app can pick its first queue without a pass over every
        row."""
        with self._mutex:
            return [
                str(rid)
                for rid, doc in self._triage.items()
                if doc.get("assignee") == assignee and rid in self._index
            ]

    def clearance_rule(self) -> str:
        """The store's `clearance_rule` setting (team.CLEARANCE_RULES), default "none"."""
        from foitui import team

        value = self.settings().get(team.CLEARANCE_SETTING) or "none"
        try:
            return team.check_rule(str(value))
        except ValueError as error:
            raise StoreError(f"{self.layout.settings}: {error}") from None

    def set_needs_clearance(self, request_id: str, needed: bool | None) -> Change | None:
        """Mark the request as needing sign-off before it is sent (False: it needs none;
        None: the store's `clearance_rule` decides). The statutory deadline never moves."""
        note = {True: "needs clearance", False: "needs no clearance"}.get(
            needed, "clearance as the store's rule says"
        )
        return self._change(
            request_id, ("clearance", "needed"), needed, action="clearance", note=note
        )

    def clearance_step(
        self, request_id: str, step: str, comment: str | None = None
    ) -> list[Change]:
        """Move the request's sign-off on (team.STEPS): `ready` (the responder), `clear` or
        `return` with a comment (the approver), `reopen`. Checked under the lock against the
        stage on disk, so two approvers cannot both act on one submission. A comment is also
        added to the case notes, in the same write."""
        from foitui import team

        if step not in team.STEPS:
            raise StoreError(f"no clearance step {step!r} (one of {', '.join(team.STEPS)})")
        comment = " ".join((comment or "").split()) or None
        if step == "return" and not comment:
            raise StoreError("sending a case back needs a comment: what should change")
        rid = self._int_id(request_id)
        allowed, to = team.STEPS[step]
        at = _now()

        def move(old: Any) -> Any:
            current = (old or {}).get("stage") if isinstance(old, dict) else None
            current = current or team.DRAFTING
            if current not in allowed:
                raise StoreError(
                    f"request {rid} is {team.STAGE_LABEL[current]}: it cannot be marked "
                    f"{team.STEP_LABEL[step]}; nothing was changed"
                )
            if to == team.DRAFTING:
                return None
            return {"stage": to, "user": self.user, "at": at}

        label = team.STEP_LABEL[step]
        edits = [
            Edit(
                ("clearance", "stage"),
                move,
                "clearance",
                note=f"{label}: {comment}" if comment else label,
            )
        ]
        if comment:
            edits.append(self._case_note_edit(f"{label}: {comment}", at))
        return self._changes(request_id, edits)

    def add_case_note(self, request_id: str, text: str) -> Change | None:
        """Add an internal note to the request's thread (who, when, text). Append-only: a
        note is never changed or removed (see `undo`). Never in letters or the disclosure log."""
        body = (text or "").strip()
        if not body:
            raise StoreError("a case note needs some text; nothing was saved")
        changes = self._changes(request_id, [self._case_note_edit(body, _now())])
        return changes[0] if changes else None

    def _case_note_edit(self, text: str, at: str) -> Edit:
        # Each note under a key of its own: two officers adding notes at once both keep
        # theirs, and each journal entry holds one note, not the whole thread.
        # Keys sort in the order the notes were made (nanoseconds; `at` is to the second).
        key = f"{time.time_ns():020d}-{uuid.uuid4().hex[:6]}"
        note = {"user": self.user, "at": at, "text": text}
        return Edit(("case_notes", key), note, "case note", note=text)

    def case_notes(self, request_id: str) -> list[Any]:
        """The request's case notes, oldest first (team.CaseNote)."""
        from foitui import team

        notes = self.triage_doc(request_id).get("case_notes") or {}
        ordered = [notes[key] for key in sorted(notes)] if isinstance(notes, dict) else []
        return team.case_notes({"case_notes": ordered})

    # ----------------------------------------------------------------- misc

    def set_status(self, request_id: str, status: Status | str | None) -> list[Change]:
        """Set the status by hand (None: worked out from the outcomes again). Every change it
        makes is returned, the clock stop that follows "waiting for clarification" included,
        so that one undo puts back both."""
        return self.set_fields(
            request_id, {"status": None if status is None else Status(status).value}
        )


def _columns_json(
    meta: dict[str, Any] | None,
    ids: Sequence[int],
    columns: Mapping[str, Sequence[Any] | Iterable[bytes]],
    outbox: dict[str, Any] | None,
) -> Iterator[bytes]:
    """The bytes `dump_json` gives of a columns file ({"meta": .., "columns": {"1": {"id":
    ids, **columns}}, "outbox": ..}: index.json, lookup.json), a column at a time: the whole
    document at once, encoded, was the peak of a big import's memory. A column that is not
    a list is its JSON already, in pieces."""
    yield b"{"
    if meta:
        yield b'"meta":' + dump_json(meta) + b","
    yield b'"columns":{"1":{"id":'
    yield from _list_json(ids)
    for name, column in columns.items():
        yield b"," + dump_json(name) + b":"
        yield from _list_json(column) if isinstance(column, Sequence) else column
    yield b"}}"
    if outbox:
        yield b',"outbox":' + dump_json(outbox)
    yield b"}"


def _list_json(values: Sequence[Any], step: int = 20_000) -> Iterator[bytes]:
    """`dump_json(values)`, a slice at a time: one column of a million titles, encoded at
    once, was 200 MB."""
    yield b"["
    yield from _list_items(values, step)
    yield b"]"


def _list_items(values: Sequence[Any], step: int = 20_000) -> Iterator[bytes]:
    """The items of `dump_json(values)`, without its brackets, a slice at a time."""
    for start in range(0, len(values), step):
        chunk = values[start : start + step]  # a list, or (a range) made one
        yield (b"," if start else b"") + dump_json(
            chunk if isinstance(chunk, list) else list(chunk)
        )[1:-1]


class _Joined(Sequence[Any]):
    """Two lists read as one, for writing (`_columns_json` slices it): the store's column and
    an import's, without the copy of both that joining them makes (128 MB of pointers at a
    million requests)."""

    def __init__(self, head: Sequence[Any], tail: Sequence[Any]) -> None:
        self._head, self._tail = head, tail

    def __len__(self) -> int:
        return len(self._head) + len(self._tail)

    @typing.overload
    def __getitem__(self, key: int) -> Any: ...
    @typing.overload
    def __getitem__(self, key: slice) -> list[Any]: ...
    def __getitem__(self, key: int | slice) -> Any:
        cut = len(self._head)
        if isinstance(key, int):
            key = key + len(self) if key < 0 else key
            return self._head[key] if key < cut else self._tail[key - cut]
        start, stop, step = key.indices(len(self))
        if step != 1:
            return [self[i] for i in range(start, stop, step)]
        head = self._head[start : min(stop, cut)]
        tail = self._tail[max(start - cut, 0) : max(stop - cut, 0)]
        return [*head, *tail]


class _NewColumns:
    """An import's index and lookup columns: what an import keeps of each request (about
    650 bytes) instead of the request. Values that repeat from request to request (a law, a
    date, an authority) are kept once; subject terms go to an unnamed temporary file."""

    #: Columns whose values repeat (the rest, references and titles, hardly ever do).
    SHARED = frozenset(
        "authority law received status keys outcomes exemptions resp due check responded".split()
    )

    def __init__(self, directory: Path, first_id: int) -> None:
        # The index columns of the part being written (`next_part` starts the next), and the
        # lookup columns of the whole import, whose ids run from `first_id` one by one.
        self.first_id = first_id
        self.ids: list[int] = []
        self.columns: dict[str, list[Any]] = {name: [] for name in records.INDEX_COLUMNS}
        self.fp: list[str] = []
        self.terms = _Spilled(directory)
        self._seen: dict[str, dict[Any, Any]] = {name: {} for name in self.SHARED}
        #: The store's lookup columns before the import (ids, fingerprints, terms), read when
        #: the first part is committed and kept for the next.
        self.lookup_before: tuple[list[int], list[str], list[str]] | None = None

    def next_part(self) -> None:
        """The part's index columns are the store's now (committed): start the next's."""
        self.ids = []
        self.columns = {name: [] for name in records.INDEX_COLUMNS}

    def add(self, fresh: Sequence[tuple[int, records.Prepared]]) -> None:
        self.ids.extend(rid for rid, _ in fresh)
        for pos, name in enumerate(records.INDEX_COLUMNS):
            column = self.columns[name]
            seen = self._seen.get(name)
            if seen is None:
                column.extend(item.row[pos] for _, item in fresh)
            else:
                column.extend(seen.setdefault(item.row[pos], item.row[pos]) for _, item in fresh)
        self.fp.extend(item.fp for _, item in fresh)
        self.terms.extend([item.terms for _, item in fresh])

    def close(self) -> None:
        self.terms.close()


class _Spilled:
    """A column of strings kept as JSON in an unnamed temporary file beside the store's (gone
    when closed, or when the process dies), made only when the first value comes."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._file: Any = None
        self._count = 0

    def extend(self, values: list[str]) -> None:
        if not values:
            return
        if self._file is None:
            import tempfile

            self._file = tempfile.TemporaryFile(dir=self._directory)  # noqa: SIM115 - closed by close()
        self._file.write((b"," if self._count else b"") + dump_json(values)[1:-1])
        self._count += len(values)

    def json(self, before: list[str]) -> Iterator[bytes]:
        """`dump_json(before + the column)`, in pieces."""
        yield b"["
        yield from _list_items(before)
        if self._file is not None:
            if before:
                yield b","
            self._file.flush()
            self._file.seek(0)
            while piece := self._file.read(1 << 20):
                yield piece
        yield b"]"

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class _SearchFeed:
    """An import's texts, batch by batch, to the thread that adds them to full-text search
    (FullText.adding). At most a few batches wait: memory does not grow with the import. If
    the thread stops taking them (the index was behind, and catches up later), they are
    dropped."""

    def __init__(self) -> None:
        self._queue: queue.Queue[list[tuple[int, str]] | None] = queue.Queue(maxsize=8)
        self._closed = threading.Event()
        self.finish: Callable[[bool], None] | None = None

    def items(self) -> Iterator[tuple[int, str]]:
        while (batch := self._queue.get()) is not None:
            yield from batch

    def close(self) -> None:
        """Called by the thread when it stops taking texts."""
        self._closed.set()

    def put(self, batch: list[tuple[int, str]] | None) -> None:
        while not self._closed.is_set():
            try:
                self._queue.put(batch, timeout=0.05)
                return
            except queue.Full:
                continue

    def done(self, keep: bool) -> None:
        """No more texts: the index keeps them if `keep` (the store's commit succeeded)."""
        self.put(None)
        if self.finish is not None:
            self.finish(keep)
