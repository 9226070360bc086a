"""Full-text search for the store: keeps the derived index (search.py) in step with it.

The index file is derived data. Missing or damaged, it is rebuilt from the corpus; behind
the store (a process killed after writing the store but before the index), it catches up;
when it cannot answer (no FTS5 in this Python's SQLite, a read-only store whose index is
behind), search scans the texts instead. Nothing here decides what a request's text is: the
store hands over `bodies`, which reads them from its corpus files.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from foitui.store.rowcache import Stamp, stamp_of
from foitui.store.search import Matches, SearchIndex, SearchIndexError, parse_query

#: (id, text) for the requests asked for, read from the store's files.
Bodies = Callable[[set[int]], Iterable[tuple[int, str]]]


class FullText:
    def __init__(
        self,
        path: Path,
        *,
        readonly: bool,
        ids: Callable[[], set[int]],
        bodies: Bodies,
        span: Callable[[], tuple[int, int] | None] = lambda: None,
        version: Callable[[], int],
        importing: Callable[[], bool] = lambda: False,
    ) -> None:
        self.path = path
        self.readonly = readonly
        self._ids = ids
        self._span = span
        self._bodies = bodies
        # The store's view of its requests changes when it re-reads them (another process
        # imported) or imports: the index is checked against it again then, once.
        self._version = version
        # Whether an import is running: it adds each part's texts itself, just after the
        # part's index (Store.import_stream), and holds the index's write lock while it does.
        self._importing = importing
        self._checked_at: int | None = None
        # The index file's stamp when a search was last answered while an import was adding
        # to it (see `ready`), else None.
        self._behind_at: Stamp | None = None
        self._lock = threading.RLock()
        self._index: SearchIndex | None = None
        self._unusable = False  # no FTS5, or read-only and behind: scan instead
        self._texts: dict[int, str] = {}  # for scanning

    def query(self, text: str) -> set[int] | None:
        """Ids of requests with every word of `text` (each the start of one of their words);
        None when `text` has no word to look for."""
        if parse_query(text) is None:
            return None
        index = self.ready()
        if index is not None:
            try:
                return index.query(text) or set()
            except SearchIndexError as error:
                index = self._rebuild() if error.corrupt else None
            if index is not None:
                with contextlib.suppress(SearchIndexError):
                    return index.query(text) or set()
        return self._scan(text)

    def matches(self, text: str) -> Matches | None:
        """`query`'s answer as `Matches` (cheap to make when they are many; the list's search)."""
        if parse_query(text) is None:
            return None
        index = self.ready()
        # Only an index known to hold every request may say a query matched all of them.
        in_step = index is not None and self._checked_at == self._version()
        if index is not None:
            try:
                found = index.matches(text)
            except SearchIndexError as error:
                found = None
                index = self._rebuild() if error.corrupt else None
                if index is not None:
                    with contextlib.suppress(SearchIndexError):
                        found = index.matches(text)
                        in_step = True
            if found is not None:
                if found.everything and not in_step:
                    return Matches(found.ids())
                return found
        return Matches(frozenset(self._scan(text)))

    def ready(self) -> SearchIndex | None:
        """The index, in step with the store (checked on first use in this process, and again
        once the store has re-read its requests); None when it cannot serve, and search has
        to scan."""
        with self._lock:
            if self._unusable:
                return None
            version = self._version()
            if self._index is not None and self._checked_at == version:
                return self._index
            index = self._index or SearchIndex(self.path, readonly=self.readonly)
            if not index.available:
                self._unusable = True
                return None
            if self._importing():
                # Catching up would wait for the import's write lock (5 s a search) to add
                # texts that the import is adding anyway: answer from what is indexed, and
                # check again once the import is done. (Not marked in step: a query that
                # matches everything is made of its ids, see `matches`.) `caught_up` tells
                # the app when the import's texts have come, to search again.
                self._behind_at = stamp_of(self.path)
                self._index = index
                return index
            try:
                in_step = self._catch_up(index)
            except SearchIndexError as error:
                if not error.corrupt:
                    # Busy or disk full: try again next time; meanwhile an index already in
                    # use answers (missing at most the newest requests), else search scans.
                    return self._index
                rebuilt = self._rebuild()
                self._unusable = rebuilt is None
                return rebuilt
            if not in_step:  # read-only: it cannot catch up, and must not answer
                self._unusable = True
                self._index = None
                return None
            self._index = index
            self._checked_at = version
            return index

    def caught_up(self) -> bool:
        """Whether the index file has changed since a search was answered while an import
        was adding to it (once each time): that answer may lack what the import has added
        since, so whoever shows it searches again."""
        if self._behind_at is None or stamp_of(self.path) == self._behind_at:
            return False
        self._behind_at = None
        return True

    def adding(
        self,
        items: Iterable[tuple[int, str]],
        before: set[int],
        stopped: Callable[[], None] | None = None,
    ) -> Callable[[bool], None]:
        """`added`, in a thread, started before the store commits the requests: SQLite
        tokenizes the texts (without the GIL) while the store writes its files. Returns
        `finish(keep)`, to call once the store's commit succeeded (True) or failed (False);
        it waits for the thread, which commits the index only on True. A process killed in
        between leaves the index as it was: behind the store at worst, which it catches up.
        `items` may still be coming (an import's batches); `stopped` is called when the
        thread takes no more of them."""
        decision: queue.SimpleQueue[bool] = queue.SimpleQueue()

        def run() -> None:
            try:
                self.added(items, before, decision.get)
            finally:
                if stopped is not None:
                    stopped()

        thread = threading.Thread(target=run, name="foitui-search-index")
        thread.start()

        def finish(keep: bool) -> None:
            decision.put(keep)
            thread.join()

        return finish

    def added(
        self,
        items: Iterable[tuple[int, str]],
        before: set[int],
        keep: Callable[[], bool] | None = None,
    ) -> None:
        """Requests just imported (id, text), so the first search after an import is as
        quick as any. If the index was behind the store before this import (`before`: the
        ids then), they are left for the next search to catch up from the corpus. `keep`:
        as for `SearchIndex.add`."""
        with self._lock:
            index = self._index
            if index is None:
                if self._unusable:
                    return
                index = SearchIndex(self.path)
                try:
                    if not index.available or index.ids() != before:
                        return
                except SearchIndexError:
                    return
                self._index = index
            try:
                index.add(items, keep, unspilled=True)  # a part's texts: bounded
            except SearchIndexError:
                self._index = None  # the next search catches up, or rebuilds

    def merge(self, added: int, total: int) -> None:
        """After an import of `added` requests into a store of `total`: a bulk add leaves the
        index in a dozen segments, and testing whether one id holds a word seeks in each (at a
        million requests 35-130 us an id, against 11 us in one); merged when the import was
        big (search.OPTIMIZE_AT, and a third or more of the store). A failure leaves it as
        it is: only slower."""
        from foitui.store import search

        if added >= search.OPTIMIZE_AT and added * 3 >= total:
            self._merge(self._index)

    def tidy(self) -> None:
        """Bring the index in step, and merge it if an earlier foitui left it in segments
        (imports did not merge it before): the app does this in a worker once it has painted
        its list. A tenth of a millisecond on an index already merged; at a million requests
        not yet merged, 6 s, a step at a time (searches meanwhile wait for one step at most)."""
        index = self.ready()
        if not self.readonly and not self._importing():
            self._merge(index)

    def _merge(self, index: SearchIndex | None) -> None:
        # Not under this object's lock: searches go on between the merge's steps.
        if index is not None:
            with contextlib.suppress(SearchIndexError):
                index.merge()

    def changed(self, rid: int) -> None:
        """A request's text changed (a title edit, say)."""
        with self._lock:
            self._texts.pop(rid, None)
            if self._index is None:
                return
            try:
                self._index.add(self._bodies({rid}))
            except SearchIndexError:
                self._index = None

    def _catch_up(self, index: SearchIndex) -> bool:
        """Add what the index lacks, drop what the store lacks; False if it could not."""
        span = self._span()
        if span is not None and index.span() == (span[1] - span[0] + 1, *span):
            # The store's ids are every int from first to last, and the index holds as many
            # distinct ids, none outside: the same ids. Three aggregates in SQLite instead of
            # two sets of every id (at a million: 60 ms, against 300 ms that a first letter
            # typed meanwhile would wait for).
            return True
        present = index.ids()
        wanted = self._ids()
        # Ids above the store's highest were imported by another process after this one
        # last read the store: not gone, only not seen yet. (Ids are never reused, and a
        # restored backup rebuilds the index, so nothing stale can be up there.)
        top = max(wanted, default=0)
        gone = {rid for rid in present - wanted if rid <= top}
        if not gone and wanted <= present:
            return True
        if self.readonly:
            return False
        if gone:
            index.remove(gone)
        if wanted - present:
            index.add(self._bodies(wanted - present))
        return True

    def _rebuild(self) -> SearchIndex | None:
        """A damaged index file, replaced by a new one made from the corpus."""
        with self._lock:
            if self._index is not None:
                self._index.close()
            self._index = None
            if self.readonly:
                return None
            with contextlib.suppress(OSError):
                self.path.unlink()
            index = SearchIndex(self.path)
            try:
                index.add(self._bodies(self._ids()))
            except SearchIndexError:
                return None
            self._index = index
            return index

    def _scan(self, text: str) -> set[int]:
        """Search without the index: every text, every time."""
        words = text.lower().split()
        with self._lock:
            texts = self._texts
            for rid, body in self._bodies(self._ids() - set(texts)):
                texts[rid] = body.lower()
            return {rid for rid, body in texts.items() if all(w in body for w in words)}
