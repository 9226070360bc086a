"""The store's full-text search index: a derived cache in STORE/search.sqlite.

The JSON files stay the source of truth. This file only answers "which request ids contain
every word of this query" in milliseconds at 100,000 requests, where scanning the texts takes
seconds. Anything wrong with it raises `SearchIndexError`; when its `corrupt` flag is set the
store deletes the file and rebuilds it from the JSON files.

Layout (SQLite, default rollback journal, file mode 0600):

- ``s``: a contentless FTS5 table (``content=''``, ``detail=none``, ``columnsize=0``) keeping
  only the inverted index: term -> rowids, with prefix indexes for 1, 2 and 3 characters so
  that a prefix query of up to 3 letters is one doclist read. No text, no positions: 100k
  requests of ~1.4 KB take ~26 MB (a third more with the 3-character prefixes).
  ``detail=none`` is why a punctuated word is searched as its tokens AND-ed rather than as a
  phrase (FTS5 refuses phrases without positions; ``detail=full`` would make the file ~5x
  larger and the build ~1.6x slower).
- ``doc(id, slot, hash)``: one row per request id ever indexed. ``slot`` is the FTS5 rowid
  holding its current text: NULL means the id itself, a negative number means the text was
  replaced, 0 means removed. ``hash`` (8-byte BLAKE2b of the text) makes re-adding unchanged
  text a no-op.
- ``dead(slot)``: FTS5 rowids whose postings are stale.

Why tombstones (``dead``) rather than keeping each document's text to delete it: a contentless
FTS5 table on SQLite < 3.43 can only delete a row given the exact text it was indexed with.
Keeping that text, even zlib-compressed, measured 77 MB more (4x the index) and ~4 s more CPU
for a 100k build. Edits are rare (a renamed title), so a replaced or removed document keeps
its old postings under its old rowid, which is listed in ``dead`` and subtracted from every
result; the new text goes in under a fresh negative rowid mapped back to the id. The stale
postings cost a few hundred bytes per edit and go away when the store rebuilds the index.
Row ids of the FTS5 table are never reused, so stale postings can never come back to life.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

from foitui.store.search_plan import Counting, Plan, Planner, words_of

#: Bumped when the schema changes; a file with another version is reported as corrupt so the
#: store rebuilds it.
SCHEMA_VERSION = 1

_SCHEMA = (
    "CREATE VIRTUAL TABLE s USING fts5(body, tokenize='unicode61 remove_diacritics 2', "
    # Prefixes of 3 characters too (issue 18): without them "par"* merges the postings of
    # every word starting "par" at each query, 40 ms at a million requests, against 6 ms
    # read from its own prefix index; the file grows by a third. Longer prefixes match few
    # words each, whose merge is cheap. (A file made with '1 2' is read as it is: queries
    # are the same, only slower, until it is rebuilt.)
    "prefix='1 2 3', detail=none, content='', columnsize=0)",
    # Pending postings are held in memory up to this size before a segment is written (the
    # default is 1 MB): fewer, larger segments to merge make indexing 100,000 requests ~20%
    # cheaper. Memory is taken only while a big batch is being added.
    "INSERT INTO s(s, rank) VALUES ('hashsize', 16777216)",
    "CREATE TABLE doc(id INTEGER PRIMARY KEY, slot INTEGER, hash BLOB NOT NULL)",
    # The replaced documents: few rows, read on every query that follows a change.
    "CREATE INDEX doc_moved ON doc(slot) WHERE slot < 0",
    "CREATE TABLE dead(slot INTEGER PRIMARY KEY)",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)

#: Parts longer than this are running text, not references: scanning them for glued digits
#: would cost ~30 us per request (3 s at 100k) for numbers the parsed references already hold.
_SHORT_PART = 256
#: A run of 3+ digits glued to a letter on either side: "11726" in "FOI11726" or "11726B".
_GLUED_DIGITS = re.compile(r"(?<=[^\W\d_])[0-9]{3,}|(?<![0-9])[0-9]{3,}(?=[^\W\d_])")

#: The MATCH expression of a query of one letter or digit (see `SearchIndex.query`).
_ONE_CHARACTER = re.compile(r'"[^"]"\*')
#: The prefix tokens of a MATCH expression (`parse_query` quotes only alphanumerics).
_PREFIX = re.compile(r'"([^"]*)"\*')
_COUNT = "SELECT count(*) FROM s WHERE s MATCH ?"
_EDGE = "SELECT rowid FROM s WHERE s MATCH ? ORDER BY rowid {} LIMIT 1"
_EDGES = "SELECT rowid FROM s WHERE s MATCH ? ORDER BY rowid {} LIMIT ?"
#: Matching at least 1/DENSE of the ids, a query is tested id by id (see `Matches`).
DENSE = 8
#: Planned queries from this many texts on: below, merging a long prefix's postings or handing
#: over every match costs a few milliseconds, less than planning (measured at 10,000).
PLANNED_FROM = 30_000
#: A planned query with fewer matches than this is read whole at once; with more, this many
#: ids spread over the index's range are tested to judge whether it matches many (1/DENSE).
PROBE = 64

#: Rows buffered by `add` before they are handed to SQLite, so a generator of texts is not
#: held in memory all at once.
_BATCH = 1000

#: An add of at least this many new texts, a third or more of all, ends by merging the index
#: into one segment (FTS5 'optimize'): a bulk add leaves a dozen, and testing whether one id
#: holds a word seeks in each (at a million requests 35-130 us an id, against 11 us in one;
#: the merge takes ~5 s there, ~0.4 s at 100,000, beside the import's minutes).
OPTIMIZE_AT = 10_000
#: Pages written by one step of `merge`: a few MB, tens of milliseconds.
MERGE_PAGES = 500

#: SQLite result codes meaning the file itself is bad, so deleting and rebuilding it helps.
#: Anything else (busy, disk full, I/O, permissions) is reported without the `corrupt` flag.
_CORRUPT_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB

_fts5: bool | None = None
#: Whether json_group_array() exists (built in since SQLite 3.38; see `_int_set`).
_json_functions = True
_fts5_lock = threading.Lock()


class _Abandoned(Exception):
    """Raised inside an add's transaction to roll it back (see `SearchIndex.add`)."""


class SearchIndexError(Exception):
    """The search index cannot be used. One line; `corrupt` says whether a rebuild would help."""

    def __init__(self, message: str, *, corrupt: bool = False) -> None:
        super().__init__(" ".join(message.split()))
        self.corrupt = corrupt


def fts5_available() -> bool:
    """Whether this Python's sqlite3 has FTS5; probed once per process."""
    global _fts5
    with _fts5_lock:
        if _fts5 is None:
            try:
                probe = sqlite3.connect(":memory:")
                try:
                    probe.execute("CREATE VIRTUAL TABLE temp.probe USING fts5(x)")
                    _fts5 = True
                finally:
                    probe.close()
            except sqlite3.Error:
                _fts5 = False
        return _fts5


def search_text(*parts: str | None) -> str:
    """One searchable body from a request's fields, in any order; None parts are skipped.

    Short parts (references, titles, names: under 256 characters) also contribute every run
    of 3+ digits glued to a letter as a word of its own, so "11726" finds "FOI11726" (the
    tokenizer keeps "FOI11726" as one word, and words match by prefix only). Long texts are
    not scanned: the references they mention are passed as parts of their own.
    """
    texts = [part for part in parts if part]
    extra: dict[str, None] = {}
    for part in texts:
        if len(part) < _SHORT_PART:
            extra.update(dict.fromkeys(_GLUED_DIGITS.findall(part)))
    if extra:
        texts.append(" ".join(extra))
    return "\n".join(texts)


def _words(text: str) -> list[list[str]]:
    """The tokens of each whitespace-separated word: runs of characters that are alphanumeric
    for both Python and the FTS5 tokenizer. Words with no token are dropped."""
    words = []
    for word in text.split():
        tokens, current = [], []
        for char in word:
            if char.isalnum() and (char.isascii() or not _separates(char)):
                current.append(char)
            elif current:
                tokens.append("".join(current))
                current = []
        if current:
            tokens.append("".join(current))
        if tokens:
            words.append(tokens)
    return words


def parse_query(text: str) -> str | None:
    """The FTS5 MATCH expression for a user's query; None when it has no searchable word.

    Every word must match, as a prefix of a word in the text (case and accents are folded by
    the FTS5 tokenizer, which also folds the quoted query tokens). A word with punctuation in
    it ("fly-tipping", "FOI/11726", "s.40") needs all its tokens, the last one as a prefix:
    ``"fly" AND "tipping"*``. Not a phrase: the index keeps no positions (see module doc).
    Or its tokens glued together as one prefix, so "FOI/11726" also finds "FOI11726":
    ``(("FOI" AND "11726"*) OR "FOI11726"*)``.

    Only alphanumeric tokens are emitted, each in double quotes, so quotes, ``*``, ``NOT``,
    ``:`` or brackets in the user's text are never syntax. The tokens are not case-folded
    here: Python's casefold maps "ß" to "ss", which the tokenizer does not, so it would miss.
    """
    terms: dict[str, None] = {}
    for tokens in _words(text):
        if len(tokens) == 1:
            terms[f'"{tokens[0]}"*'] = None
            continue
        apart = " AND ".join([*(f'"{token}"' for token in tokens[:-1]), f'"{tokens[-1]}"*'])
        terms[f'(({apart}) OR "{"".join(tokens)}"*)'] = None
    return " AND ".join(terms) if terms else None


_separator_cache: dict[str, bool] = {}
_separator_lock = threading.Lock()


def _separates(char: str) -> bool:
    """Whether the FTS5 tokenizer splits words at `char` though Python calls it alphanumeric.

    Their Unicode tables differ (Python 3.11 and SQLite 3.40 disagree on 21 characters);
    a quoted query token the tokenizer splits in two would be a phrase, which FTS5 rejects
    without positions. Asked of SQLite itself, once per non-ASCII character.
    """
    with _separator_lock:
        known = _separator_cache.get(char)
        if known is not None:
            return known
        splits = False
        if fts5_available():
            probe = sqlite3.connect(":memory:")
            try:
                probe.execute(
                    "CREATE VIRTUAL TABLE temp.t USING fts5(x, "
                    "tokenize='unicode61 remove_diacritics 2')"
                )
                probe.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(t, instance)")
                probe.execute("INSERT INTO t(x) VALUES (?)", (f"a{char}b",))
                splits = probe.execute("SELECT count(*) FROM v").fetchone()[0] != 1
            except sqlite3.Error:
                splits = True  # unknown: splitting the query is always safe
            finally:
                probe.close()
        _separator_cache[char] = splits
        return splits


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()


class SearchIndex:
    """Request id -> searchable text, queried by words. Safe to share between threads.

    `path` is the index file, or the store directory (then the file is `FILE` inside it).
    Nothing is created until the first write; until then the index is empty. Every method
    but `close` raises `SearchIndexError` on any SQLite failure, and when FTS5 is missing.
    """

    FILE = "search.sqlite"

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        path = Path(path)
        self.path = path / self.FILE if path.is_dir() else path
        self.readonly = readonly
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._inode: tuple[int, int] | None = None
        self._ready = False  # the open file has our schema
        # Stale rowids and replaced-rowid -> id, as of PRAGMA data_version `_fixes_version`.
        self._dead: set[int] = set()
        self._moved: dict[int, int] = {}
        self._fixes_version: int | None = None
        self._live: frozenset[int] | None = None  # as of `_fixes_version` too
        self._span: tuple[int, int, int] | None = None  # likewise
        self._prefixes: int | None = None  # the longest prefix indexed in the open file
        self._planner = Planner()  # its vocabulary as of `_fixes_version`

    @property
    def available(self) -> bool:
        """False when this Python's sqlite3 has no FTS5: the store scans texts instead."""
        return fts5_available()

    # -- reading ---------------------------------------------------------------------------

    def ids(self) -> set[int]:
        """Ids with a text in the index (to find the requests a crash left out)."""
        with self._lock:
            conn = self._read()
            if conn is None:
                return set()
            with self._errors():
                conn.execute("BEGIN")
                try:
                    self._fixes(conn)
                    return set(self._live_ids(conn))
                finally:
                    conn.execute("COMMIT")

    def span(self) -> tuple[int, int, int]:
        """How many ids have a text, the lowest and the highest: (0, 0, 0) when none."""
        with self._lock:
            conn = self._read()
            if conn is None:
                return (0, 0, 0)
            with self._errors():
                conn.execute("BEGIN")
                try:
                    self._fixes(conn)
                    return self._live_span(conn)
                finally:
                    conn.execute("COMMIT")

    def _live_span(self, conn: sqlite3.Connection) -> tuple[int, int, int]:
        """`span`, read once per version of the index (after `_fixes`)."""
        if self._span is None:
            count, low, high = conn.execute(
                "SELECT count(*), min(id), max(id) FROM doc WHERE slot IS NOT 0"
            ).fetchone()
            self._span = (count, low or 0, high or 0)
        return self._span

    def query(self, text: str) -> set[int] | None:
        """Ids whose text has every word of `text`; None when it has no searchable word."""
        expression = parse_query(text)
        if expression is None:
            return None
        with self._lock:
            conn = self._read()
            if conn is None:
                return set()
            with self._errors():
                conn.execute("BEGIN")  # one snapshot for the postings and the fix-ups
                try:
                    dead, moved = self._fixes(conn)
                    if _ONE_CHARACTER.fullmatch(expression):
                        # The first letter typed: in a big store it matches nearly every
                        # request, and handing 100,000 ids from SQLite to Python is most of
                        # a keystroke's time. Counting them is a third of that; when the
                        # count says "all", the answer is the ids already known.
                        live = self._live_ids(conn)
                        if _count_live(conn, expression, dead) == len(live):
                            return set(live)
                    found = self._match(conn, expression)
                finally:
                    conn.execute("COMMIT")
        if dead:
            if len(dead) < len(found):
                found.difference_update(dead)
            else:
                found = {rid for rid in found if rid not in dead}
        if moved:
            smaller = moved if len(moved) < len(found) else found
            for slot in [slot for slot in smaller if slot in moved and slot in found]:
                found.discard(slot)
                found.add(moved[slot])
        return found

    def matches(self, text: str) -> Matches | None:
        """Like `query`, without making a million Python ints: the ids as SQLite hands them
        over (`Matches`), counted and tested one at a time in place; None as for `query`."""
        expression = parse_query(text)
        if expression is None:
            return None
        with self._lock:
            conn = self._read()
            if conn is None:
                return Matches(frozenset())
            with self._errors():
                conn.execute("BEGIN")
                try:
                    dead, moved = self._fixes(conn)
                    plan = None
                    if (
                        not dead
                        and not moved
                        and _json_functions
                        and self._live_span(conn)[0] >= PLANNED_FROM
                    ):
                        # Rowids are the ids (no replaced texts): a planned query (every
                        # token a seek, search_plan.py) that matches many is tested as the
                        # list reads its ids, and counted apart.
                        plan = self._plan(conn, text)
                        if plan is not None:
                            found = self._planned(conn, plan)
                            if found is not None:
                                return found
                    if _ONE_CHARACTER.fullmatch(expression):
                        # Counted against the number of ids alone: the set of them is made
                        # only if a caller asks for it.
                        count = self._live_span(conn)[0]
                        if _count_live(conn, expression, dead) == count:
                            return Matches(count=count, load=self.ids, everything=True)
                    if plan is not None:
                        # Not many: their ids, read as whole words (no merge of a prefix's).
                        expression = plan.expression
                    elif not dead and not moved and self._prefix_indexed(conn, expression):
                        # Every word's postings are read directly (no merge of every word
                        # with the prefix): when many match, count them and test the ids
                        # the list reads against the index itself, a few hundred at a time,
                        # instead of handing them all over.
                        count = conn.execute(_COUNT, (expression,)).fetchone()[0]
                        if count * DENSE >= self._live_span(conn)[0]:
                            low, high = (
                                conn.execute(_EDGE.format(order), (expression,)).fetchone()
                                for order in ("ASC", "DESC")
                            )
                            return Matches(
                                count=count,
                                load=lambda: frozenset(self.query(text) or ()),
                                among=lambda ids: self._among(expression, ids),
                                bounds=(low[0], high[0]) if count else None,
                            )
                    if not dead and not moved and _json_functions:
                        # Rowids are the ids (no replaced texts): one string, in id order.
                        row = conn.execute(
                            "SELECT json_group_array(rowid) FROM "
                            "(SELECT rowid FROM s WHERE s MATCH ? ORDER BY rowid)",
                            (expression,),
                        ).fetchone()
                        return Matches(text=row[0])
                finally:
                    conn.execute("COMMIT")
        found = self.query(text)
        return None if found is None else Matches(frozenset(found))

    def _plan(self, conn: sqlite3.Connection, text: str) -> Plan | None:
        self._prefix_indexed(conn, "")
        live = self._live_span(conn)[0]
        return self._planner.plan(conn, words_of(_words(text)), self._prefixes or 0, live)

    def _planned(self, conn: sqlite3.Connection, plan: Plan) -> Matches | None:
        """`plan`'s matches when they are few (fewer than PROBE: all read) or many (1/DENSE
        or more of PROBE ids spread evenly over the index's range, a sample that a word
        common in one part only, a year say, does not fool: tested as the list reads them,
        counted apart); None in between, to be read whole."""
        expression = plan.expression
        live, low, high = self._live_span(conn)
        first = [rid for (rid,) in conn.execute(_EDGES.format("ASC"), (expression, PROBE))]
        if len(first) < PROBE:
            return Matches(text=json.dumps(first), everything=bool(first) and len(first) == live)
        most = plan.most
        if most is not None and most * DENSE < live:
            return None  # the vocabulary's counts say: not many
        # The same sample every time for the same range (random: the ids of a store are not
        # laid out at random, and a replicated bench store repeats every 100,000).
        sample = sorted(random.Random(high).sample(range(low, high + 1), min(PROBE, live)))
        if len(plan.among(conn, sample)) * DENSE < len(sample):
            return None
        last = conn.execute(_EDGES.format("DESC"), (expression, 1)).fetchone()
        return Matches(
            count=plan.count,
            counting=Counting(self.path, expression) if plan.count is None else None,
            load=lambda: frozenset(self._matched(expression)),
            among=lambda ids: self._planned_among(plan, ids),
            bounds=(first[0], last[0]),
        )

    def _matched(self, expression: str) -> set[int]:
        """Every id `expression` matches (an index without replaced or removed texts)."""
        with self._lock:
            conn = self._read()
            if conn is None:
                return set()
            with self._errors():
                return self._match(conn, expression)

    def _planned_among(self, plan: Plan, ids: Sequence[int]) -> list[int]:
        """Which of `ids` match `plan`, in their order."""
        if not ids:
            return []
        with self._lock:
            conn = self._read()
            if conn is None:
                return []
            with self._errors():
                return plan.among(conn, ids)

    def _among(self, expression: str, ids: Sequence[int]) -> list[int]:
        """Which of `ids` match `expression`, in their order (an index without replaced or
        removed texts: rowids are ids)."""
        if not ids:
            return []
        listed = ",".join(str(int(rid)) for rid in ids)
        with self._lock:
            conn = self._read()
            if conn is None:
                return []
            with self._errors():
                select = f"SELECT rowid FROM s WHERE s MATCH ? AND rowid IN ({listed})"
                found = {rid for (rid,) in conn.execute(select, (expression,))}
        return [rid for rid in ids if rid in found]

    def _prefix_indexed(self, conn: sqlite3.Connection, expression: str) -> bool:
        """Whether each prefix in `expression` has a prefix index of its length in this file:
        then finding whether one id matches is a seek, not a merge of every word's postings."""
        if self._prefixes is None:
            row = conn.execute("SELECT sql FROM sqlite_master WHERE name = 's'").fetchone()
            found = re.search(r"prefix='([0-9 ]+)'", row[0] if row else "")
            self._prefixes = max(map(int, found.group(1).split())) if found else 0
        return all(len(token) <= self._prefixes for token in _PREFIX.findall(expression))

    @staticmethod
    def _match(conn: sqlite3.Connection, expression: str) -> set[int]:
        return _int_set(conn, "SELECT {} FROM s WHERE s MATCH ?", "rowid", (expression,))

    def _fixes(self, conn: sqlite3.Connection) -> tuple[set[int], dict[int, int]]:
        """Stale and replaced rowids, re-read only after a write (ours or another process's)."""
        version = conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._fixes_version:
            self._dead = {slot for (slot,) in conn.execute("SELECT slot FROM dead")}
            self._moved = dict(conn.execute("SELECT slot, id FROM doc WHERE slot < 0"))
            self._live = None
            self._span = None
            self._planner.forget()
            self._fixes_version = version
        return self._dead, self._moved

    def _live_ids(self, conn: sqlite3.Connection) -> frozenset[int]:
        """Every id with a text, read once per version of the index (after `_fixes`)."""
        if self._live is None:
            self._live = frozenset(_int_set(conn, "SELECT {} FROM doc WHERE slot IS NOT 0", "id"))
        return self._live

    # -- writing ---------------------------------------------------------------------------

    def add(
        self,
        items: Iterable[tuple[int, str]],
        keep: Callable[[], bool] | None = None,
        *,
        unspilled: bool = False,
    ) -> None:
        """Index each (id, text), replacing an id's previous text. All or nothing.

        Ids above every id indexed so far take the fast path: no lookup per row. That is the
        bulk import; anything else is looked up and, if its text changed, replaced.

        With `keep`, it is asked once every row is in, before the commit: False rolls the
        whole add back. (An import indexes while it writes the store, and keeps the index
        only if the store's own commit succeeded.)

        `unspilled`: keep every page written in memory until the commit (an import's part,
        of bounded size). SQLite otherwise writes pages out once its cache is full, and to
        do so locks every other process out of the file until the commit: an app searching
        while a million requests were imported waited 5 s and then scanned.
        """
        with self._lock, contextlib.suppress(_Abandoned):
            conn = self._write()
            with self._errors():
                conn.execute(f"PRAGMA cache_spill = {'OFF' if unspilled else 'ON'}")
            with self._errors(), self._transaction(conn):
                top = conn.execute("SELECT max(id) FROM doc").fetchone()[0] or 0
                before = top
                added = 0
                docs: list[tuple[int, bytes]] = []
                bodies: list[tuple[int, str]] = []
                for rid, text in items:
                    _check(rid, text)
                    digest = _digest(text)
                    if rid > top:
                        added += 1
                        docs.append((rid, digest))
                        bodies.append((rid, text))
                        top = rid
                        if len(docs) >= _BATCH:
                            _insert_new(conn, docs, bodies)
                    else:
                        _insert_new(conn, docs, bodies)  # a repeated id must see its first
                        _replace(conn, rid, text, digest)
                _insert_new(conn, docs, bodies)
                # An import's part (`unspilled`) is merged after the whole import instead
                # (`merge`): in this transaction the merge's pages would all be held in memory.
                if not unspilled and added >= OPTIMIZE_AT and added * 3 >= added + before:
                    conn.execute("INSERT INTO s(s) VALUES ('optimize')")
                if keep is not None and not keep():
                    raise _Abandoned

    def merge(self, pages: int = MERGE_PAGES) -> None:
        """Merge the index into one segment (what 'optimize' does) a few hundred pages at a
        time, each its own short transaction: a search meanwhile waits for one step at most
        (a single 'optimize' locked readers out for its whole 5 s at a million requests, and
        a search that waits that long gives up), and memory stays bounded."""
        first = True
        while True:
            # The lock is taken a step at a time too: this process's own searches go on.
            with self._lock:
                conn = self._write()
                with self._errors():
                    conn.execute("PRAGMA cache_spill = ON")
                before = conn.total_changes
                with self._errors(), self._transaction(conn):
                    # Negative the first time: every segment, of every level, is merged.
                    step = -pages if first else pages
                    conn.execute("INSERT INTO s(s, rank) VALUES ('merge', ?)", (step,))
                first = False
                if conn.total_changes - before < 2:  # FTS5: no work was left to do
                    return

    def remove(self, ids: Iterable[int]) -> None:
        """Drop the texts of `ids` (unknown ids are ignored). All or nothing."""
        with self._lock:
            conn = self._write()
            with self._errors(), self._transaction(conn):
                for rid in ids:
                    _check(rid, "")
                    row = conn.execute("SELECT slot FROM doc WHERE id = ?", (rid,)).fetchone()
                    if row is not None and row[0] != 0:
                        conn.execute("INSERT INTO dead(slot) VALUES (?)", (row[0] or rid,))
                        conn.execute("UPDATE doc SET slot = 0 WHERE id = ?", (rid,))

    def clear(self) -> None:
        """Drop every text and tombstone: the start of a rebuild."""
        with self._lock:
            conn = self._write()
            with self._errors(), self._transaction(conn):
                conn.execute("INSERT INTO s(s) VALUES ('delete-all')")
                conn.execute("DELETE FROM doc")
                conn.execute("DELETE FROM dead")

    def close(self) -> None:
        with self._lock:
            self._disconnect()

    # -- the connection --------------------------------------------------------------------

    def _read(self) -> sqlite3.Connection | None:
        """The connection for a read, or None while there is no index yet (nothing matches)."""
        self._need_fts5()
        conn = self._connect(create=False)
        if conn is None or not self._check_schema(conn, create=False):
            return None
        return conn

    def _write(self) -> sqlite3.Connection:
        self._need_fts5()
        if self.readonly:
            raise SearchIndexError(f"search index {self.path} is read-only")
        conn = self._connect(create=True)
        assert conn is not None
        # PRAGMA data_version only counts other connections' commits: forget our own fix-ups.
        self._fixes_version = None
        self._check_schema(conn, create=True)
        return conn

    def _need_fts5(self) -> None:
        if not self.available:
            raise SearchIndexError("full-text search needs SQLite with FTS5")

    def _connect(self, *, create: bool) -> sqlite3.Connection | None:
        """The open connection, reopened if the file was deleted or replaced meanwhile (another
        process rebuilt it): a connection to an unlinked file would never see new data."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            stat = None
        except OSError as error:
            raise SearchIndexError(f"search index {self.path}: {error.strerror}") from None
        inode = None if stat is None else (stat.st_dev, stat.st_ino)
        if self._conn is not None and inode == self._inode:
            return self._conn
        self._disconnect()
        if inode is None:
            if not create:
                return None
            inode = self._create_file()
        mode = "ro" if self.readonly else "rw"  # never let SQLite create the file itself
        uri = f"{self.path.resolve().as_uri()}?mode={mode}"
        with self._errors():
            # timeout: wait up to 5 s for another process's write instead of failing at once.
            conn = sqlite3.connect(
                uri, uri=True, timeout=5.0, isolation_level=None, check_same_thread=False
            )
        self._conn, self._inode, self._ready = conn, inode, False
        return conn

    def _create_file(self) -> tuple[int, int]:
        # Created here with mode 0600 so the texts are private from the first byte; SQLite
        # gives its -journal file the database file's permissions.
        try:
            from foitui.store.files import file_mode

            mode = file_mode(self.path.parent)  # 0600, or 0660 in a team store
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, mode)
            try:
                os.fchmod(fd, mode)  # in case it existed with another mode (a race)
                stat = os.fstat(fd)
            finally:
                os.close(fd)
        except OSError as error:
            raise SearchIndexError(
                f"cannot create search index {self.path}: {error.strerror}"
            ) from None
        return stat.st_dev, stat.st_ino

    def _check_schema(self, conn: sqlite3.Connection, *, create: bool) -> bool:
        """Whether the file holds our schema; creates it in an empty file when writing."""
        if self._ready:
            return True
        with self._errors():
            if not self._schema_state(conn):
                if not create:
                    return False
                # Checked again under the write lock: another process may have just made it.
                with self._transaction(conn):
                    if not self._schema_state(conn):
                        for statement in _SCHEMA:
                            conn.execute(statement)
            self._ready = True
            return True

    def _schema_state(self, conn: sqlite3.Connection) -> bool:
        """True for our schema, False for an empty file; raises for anything else."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return True
        if version != 0 or conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise SearchIndexError(
                f"search index {self.path} has an unknown format (version {version})",
                corrupt=True,
            )
        return False

    def _disconnect(self) -> None:
        conn, self._conn, self._inode, self._ready = self._conn, None, None, False
        self._prefixes = None
        self._fixes_version = None
        self._planner.forget()
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()  # a broken connection: nothing left to save

    def _transaction(self, conn: sqlite3.Connection) -> _Transaction:
        return _Transaction(conn)

    def _errors(self) -> _Errors:
        return _Errors(self)


class Matches(AbstractSet[int]):
    """The ids a search matched, as a set that is cheap to make however many there are.

    Made from a set, or from SQLite's JSON array of the ids in ascending order (`text`),
    which stays text: turning 600,000 ids into Python ints and a set costs ~45 ms, while
    counting them (the commas) costs ~1 ms and testing one id (a binary search in the text)
    ~15 us. The list needs the count and the first screenful of its order (listing.SearchRows);
    `ids()` makes the set when a caller needs them all. `everything`: the query matched every
    id the index holds (the first letter typed, often).
    """

    __slots__ = (
        "_among",
        "_bounds",
        "_count",
        "_counting",
        "_load",
        "_set",
        "_text",
        "everything",
    )

    def __init__(
        self,
        ids: AbstractSet[int] | None = None,
        *,
        text: str | None = None,
        everything: bool = False,
        count: int | None = None,
        load: Callable[[], AbstractSet[int]] | None = None,
        among: Callable[[Sequence[int]], list[int]] | None = None,
        bounds: tuple[int, int] | None = None,
        counting: Counting | None = None,
    ) -> None:
        """From `ids`, from `text`, or `count` ids that `load` gives when asked (and `among`
        tests a few, with their `bounds` known); or as many as `counting` counts (`counted`,
        in a worker: until then `count` is None)."""
        self._set = ids
        self._text = text
        self._load = load
        self._among = among
        self._bounds = bounds
        self._counting = counting
        self.everything = everything
        self._count: int | None
        if ids is not None:
            self._count = len(ids)
        elif count is not None or counting is not None:
            assert load is not None
            self._count = count
        else:
            assert text is not None and text.startswith("[") and text.endswith("]")
            self._count = text.count(",") + 1 if len(text) > 2 else 0

    @property
    def count(self) -> int | None:
        """How many, or None while they are not counted yet (see `counted`)."""
        return self._count

    def counted(self) -> int | None:
        """How many, counted now if need be (SQLite counting the index without the GIL,
        ~20-100 ms at a million requests: call it in a worker); None when `cancel`led."""
        if self._count is None:
            assert self._counting is not None
            try:
                count = self._counting.run()
            except sqlite3.Error:
                count = None if self._counting.cancelled else len(self.ids())
            if count is not None:
                self._count = count
            return count
        return self._count

    def cancel(self) -> None:
        """Stop counting (a newer search replaced this one): `counted` gives None."""
        if self._counting is not None:
            self._counting.cancel()

    @property
    def in_id_order(self) -> bool:
        """Whether `bounds` is known without making the set, and `among` tests ids without it:
        the ids came as SQLite's sorted text (binary searches), or are tested by the index."""
        return self._text is not None or self._among is not None

    def among(self, ids: Sequence[int]) -> Iterable[int]:
        """Those of `ids` held here, in their order."""
        if self._among is not None and self._set is None:
            return self._among(ids)
        return filter(self.__contains__, ids)

    def ids(self) -> AbstractSet[int]:
        """Every id, as a set (made once)."""
        if self._set is None:
            if self._load is not None:
                self._set = self._load()
            else:
                assert self._text is not None
                self._set = frozenset(json.loads(self._text))
        return self._set

    def bounds(self) -> tuple[int, int] | None:
        """The lowest and highest id, or None when there is none."""
        if self._count == 0:
            return None
        if self._among is not None:
            return self._bounds
        if self._text is not None:
            text: str = self._text
            if "," not in text:
                return int(text[1:-1]), int(text[1:-1])
            return int(text[1 : text.find(",")]), int(text[text.rfind(",") + 1 : -1])
        ids = self.ids()
        return min(ids), max(ids)

    def __len__(self) -> int:
        if self._count is None:
            assert self._counting is not None
            try:
                self._count = self._counting.run(cancellable=False)
            except sqlite3.Error:
                self._count = len(self.ids())
        assert self._count is not None
        return self._count

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids())

    def __contains__(self, rid: object) -> bool:
        if self._set is not None or not isinstance(rid, int):
            return rid in self.ids()
        if self._text is not None:
            return _sorted_text_has(self._text, rid)
        if self._among is not None:
            return bool(self._among([rid]))
        return rid in self.ids()


def _sorted_text_has(text: str, rid: int) -> bool:
    """Whether the JSON array `text` of ascending ints holds `rid`: a binary search over the
    characters, reading the one number around the middle at each step."""
    low, high = 1, len(text) - 1  # [low, high): whole numbers, no brackets
    while low < high:
        middle = (low + high) // 2
        start = max(low, text.rfind(",", low, middle + 1) + 1)
        end = text.find(",", start, high)
        if end < 0:
            end = high
        value = int(text[start:end])
        if value == rid:
            return True
        if value < rid:
            low = end + 1
        else:
            high = start - 1 if start > low else low
    return False


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (KeyboardInterrupt too)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        # IMMEDIATE takes the write lock up front: two writers wait (busy_timeout) instead of
        # deadlocking when both upgrade from a read lock.
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        if kind is None:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()  # a failed COMMIT (disk full) can leave it open
                raise
        else:
            self._rollback()

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                # If this fails SQLite rolls back by itself when the connection closes.
                self.conn.execute("ROLLBACK")


class _Errors:
    """Turns any sqlite3 error into a one-line SearchIndexError; a corrupt file also drops the
    connection, so the store can delete the file and start again."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        if not isinstance(error, sqlite3.Error):
            return
        code = getattr(error, "sqlite_errorcode", None)
        corrupt = code is not None and code & 0xFF in _CORRUPT_CODES
        if "no such table" in str(error) or "no such column" in str(error):
            corrupt = True  # our version number but not our tables
        if corrupt:
            self.index._disconnect()
        raise SearchIndexError(
            f"search index {self.index.path} is unusable ({error})", corrupt=corrupt
        ) from error


def _int_set(
    conn: sqlite3.Connection, select: str, column: str, params: tuple[str, ...] = ()
) -> set[int]:
    """The integers `select` (with "{}" for the column) finds, as a set.

    Building a set of 100k ids row by row through the cursor costs ~35-55 ms; one
    json_group_array() string parsed by json.loads costs ~20-27 ms, group_concat() + split
    ~25-45 ms (measured at 100k requests, best of 80). Falls back to rows on an SQLite built
    without JSON functions.
    """
    global _json_functions
    if _json_functions:
        try:
            row = conn.execute(select.format(f"json_group_array({column})"), params).fetchone()
            return set(json.loads(row[0]))
        except sqlite3.OperationalError as error:
            if "json_group_array" not in str(error):
                raise
            _json_functions = False
    return {value for (value,) in conn.execute(select.format(column), params)}


def _count_live(conn: sqlite3.Connection, expression: str, dead: set[int]) -> int:
    """How many live ids match: rowids less the stale ones. A live id has one rowid (its
    own, or the one its replaced text moved to), so this is at most the number of ids."""
    select = "SELECT count(*) FROM s WHERE s MATCH ?"
    if dead:
        select += " AND rowid NOT IN (SELECT slot FROM dead)"
    return conn.execute(select, (expression,)).fetchone()[0]


def _check(rid: object, text: object) -> None:
    # Programming errors, not index failures: they must not look like a corrupt file.
    if not isinstance(rid, int) or isinstance(rid, bool) or rid < 1:
        raise ValueError(f"search index ids are positive integers, not {rid!r}")
    if not isinstance(text, str):
        raise TypeError(f"search index texts are strings, not {type(text).__name__}")


def _insert_new(
    conn: sqlite3.Connection, docs: list[tuple[int, bytes]], bodies: list[tuple[int, str]]
) -> None:
    """Ids never indexed before: their own id is their FTS5 rowid. Empties both lists."""
    if docs:
        conn.executemany("INSERT INTO doc(id, slot, hash) VALUES (?, NULL, ?)", docs)
        first = bodies[0][0]
        if _json_functions and bodies[-1][0] - first == len(bodies) - 1:
            # Consecutive ids (an import): the batch's texts in one statement, so SQLite
            # tokenizes all of them without taking the GIL back after each row, which a
            # store writing its files meanwhile would hold up (measured: store phase of a
            # 100,000-request import 15-30% shorter).
            # SQLite's JSON strings end at a NUL character; for the tokenizer it is a space.
            texts = json.dumps([text.replace("\x00", " ") for _, text in bodies])
            conn.execute(
                "INSERT INTO s(rowid, body) SELECT ? + key, value FROM json_each(?)", (first, texts)
            )
        else:
            conn.executemany("INSERT INTO s(rowid, body) VALUES (?, ?)", bodies)
        docs.clear()
        bodies.clear()


def _replace(conn: sqlite3.Connection, rid: int, text: str, digest: bytes) -> None:
    row = conn.execute("SELECT slot, hash FROM doc WHERE id = ?", (rid,)).fetchone()
    if row is None:  # an id below the highest that was never indexed: its rowid is free
        _insert_new(conn, [(rid, digest)], [(rid, text)])
        return
    slot, old_digest = row
    if slot != 0 and old_digest == digest:
        return  # same text: nothing to do, and no stale postings
    if slot != 0:
        conn.execute("INSERT INTO dead(slot) VALUES (?)", (slot or rid,))
    # A fresh rowid below every one used so far: rowids are never reused, so postings left
    # under a dead rowid can never be attributed to a live document.
    lowest = min(
        conn.execute("SELECT min(slot) FROM doc WHERE slot < 0").fetchone()[0] or 0,
        conn.execute("SELECT min(slot) FROM dead").fetchone()[0] or 0,
        0,
    )
    new = lowest - 1
    conn.execute("UPDATE doc SET slot = ?, hash = ? WHERE id = ?", (new, digest, rid))
    conn.execute("INSERT INTO s(rowid, body) VALUES (?, ?)", (new, text))
