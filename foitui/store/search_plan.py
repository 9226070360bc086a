"""A search query the index can test id by id, and count apart (issue 18: search at a million).

FTS5 keeps prefix indexes for 1 to 3 characters (search.py). A longer prefix ("council"*) has
none: FTS5 merges the postings of every word starting with it, for each statement. Testing the
ids the list reads (``rowid IN (...) AND MATCH``) runs one statement per id, so 32 ids with
"information"* measured 2 s at a million requests, against 1.5 ms with "inf"*. And counting
or handing over the matches of a word most requests hold costs 0.1-0.2 s.

So a longer prefix is looked up in the index's vocabulary (the words it holds that start
with it, with how many requests hold each) and asked as those words, each a seek in its own
postings: "council"* is "council" OR "councils". Words held by few requests are fetched once
as a set of ids instead. A query whose prefix starts too many words, or has characters other
than ASCII (the vocabulary holds words as the tokenizer folds them, which Python cannot be
trusted to reproduce), has no plan: search.py answers it as before.

The count of a plan's matches is taken on a connection of its own (`Counting`), so a list
can show its first rows first and the count when it is known, and a count overtaken by the
next keystroke is interrupted.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: A prefix starting more words than this held by many requests has no plan: testing an id
#: costs a seek in each (~40 us).
MOST_WORDS = 8
#: Words held by at most this many requests each, or 1/RARE_SHARE of all, are fetched as ids
#: (a set: a test costs nothing, where a seek costs ~11 us an id in an optimized index and
#: three times that in one of a dozen segments), up to `MOST_RARE_IDS` in all for one prefix;
#: and up to `MOST_TERMS` words are read from the vocabulary.
RARE = 256
RARE_SHARE = 32
MOST_RARE_IDS = 100_000
MOST_TERMS = 512


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a query: a whole word (`prefix` False) or the start of one."""

    text: str
    prefix: bool

    def expression(self) -> str:
        return f'"{self.text}"' + ("*" if self.prefix else "")


#: A query: every word (AND) matches by one of its ways (OR), each way all of its tokens (AND).
Words = tuple[tuple[tuple[Token, ...], ...], ...]


def words_of(tokens_by_word: Iterable[Sequence[str]]) -> Words:
    """The structure search.parse_query writes as text: a word of one token is that token as
    a prefix; a word with punctuation is its tokens (the last a prefix), or them glued."""
    words: dict[tuple[tuple[Token, ...], ...], None] = {}
    for tokens in tokens_by_word:
        if len(tokens) == 1:
            words[((Token(tokens[0], True),),)] = None
        else:
            apart = (*(Token(t, False) for t in tokens[:-1]), Token(tokens[-1], True))
            words[(apart, (Token("".join(tokens), True),))] = None
    return tuple(words)


@dataclass(frozen=True, slots=True)
class Probe:
    """How one token is tested: each expression a seek per id (the most held first), then the
    ids of its rare words. `expression`: the token as an FTS5 expression of whole words."""

    seeks: tuple[str, ...]
    rare: frozenset[int] = field(default=frozenset())
    expression: str = ""
    #: How many requests hold it at most (the vocabulary's counts), None when not known.
    most: int | None = None

    def test(self, conn: sqlite3.Connection, ids: list[int]) -> list[int]:
        """Those of `ids` holding the token, in their order."""
        hits: set[int] = set()
        rest = ids
        for seek in self.seeks:
            if not rest:
                break
            found = _among(conn, seek, rest)
            hits.update(found)
            rest = [rid for rid in rest if rid not in found]
        if self.rare:
            hits.update(rid for rid in rest if rid in self.rare)
        return [rid for rid in ids if rid in hits]


@dataclass(frozen=True, slots=True)
class Plan:
    """A query as probes (the same AND/OR shape as `Words`), and as one FTS5 expression of
    whole words and indexed prefixes (counting, the lowest and highest match). `count`: known
    without counting (one word, one vocabulary word, no rare ones)."""

    probes: tuple[tuple[tuple[Probe, ...], ...], ...]
    expression: str
    count: int | None = None

    @property
    def most(self) -> int | None:
        """How many match at most, from the vocabulary's counts; None when not known."""
        found = None
        for ways in self.probes:
            word = 0
            for way in ways:
                known = [probe.most for probe in way if probe.most is not None]
                if not known:
                    word = None
                    break
                word += min(known)
            if word is not None:
                found = word if found is None else min(found, word)
        return found

    def among(self, conn: sqlite3.Connection, ids: Sequence[int]) -> list[int]:
        """Those of `ids` that match, in their order: each word narrows the ids left."""
        left = list(ids)
        for ways in self.probes:
            if not left:
                break
            matched: set[int] = set()
            rest = left
            for way in ways:
                found = rest
                for probe in way:
                    found = probe.test(conn, found)
                matched.update(found)
                rest = [rid for rid in rest if rid not in matched]
                if not rest:
                    break
            left = [rid for rid in left if rid in matched]
        return left


def _among(conn: sqlite3.Connection, expression: str, ids: Sequence[int]) -> set[int]:
    listed = ",".join(str(int(rid)) for rid in ids)
    select = f"SELECT rowid FROM s WHERE s MATCH ? AND rowid IN ({listed})"
    return {rid for (rid,) in conn.execute(select, (expression,))}


class Planner:
    """Plans queries against one index connection; the vocabulary it read is kept until the
    index changes (`forget`). Used under the index's lock."""

    def __init__(self) -> None:
        self._vocabulary: dict[str, list[tuple[str, int]] | None] = {}
        self._rare: dict[tuple[str, ...], frozenset[int]] = {}
        self._table: sqlite3.Connection | None = None  # the connection with our vocab table

    def forget(self) -> None:
        self._vocabulary.clear()
        self._rare.clear()

    def plan(
        self, conn: sqlite3.Connection, words: Words, indexed: int, live: int = 0
    ) -> Plan | None:
        """The plan of `words` for an index of `live` texts with prefix indexes up to
        `indexed` characters, or None when a token has no plan (see the module's doc)."""
        rare = max(RARE, live // RARE_SHARE)
        probes = []
        expressions = []
        for ways in words:
            way_probes = []
            way_expressions = []
            for way in ways:
                token_probes = []
                for token in way:
                    probe = self._probe(conn, token, indexed, rare)
                    if probe is None:
                        return None
                    token_probes.append(probe)
                way_probes.append(tuple(token_probes))
                way_expressions.append(" AND ".join(p.expression for p in token_probes))
            probes.append(tuple(way_probes))
            expressions.append(
                "(" + " OR ".join(f"({e})" for e in way_expressions) + ")"
                if len(way_expressions) > 1
                else way_expressions[0]
            )
        count = None
        if len(words) == 1 and len(words[0]) == 1 and len(words[0][0]) == 1:
            token = words[0][0][0]
            if token.prefix and len(token.text) > indexed:
                known = self._vocabulary.get(token.text.lower())
                if known is not None and len(known) == 1:
                    count = known[0][1]
                elif known == []:
                    count = 0
        return Plan(tuple(probes), " AND ".join(expressions), count)

    def _probe(
        self, conn: sqlite3.Connection, token: Token, indexed: int, rare_docs: int
    ) -> Probe | None:
        if not token.prefix or len(token.text) <= indexed:
            expression = token.expression()
            return Probe((expression,), expression=expression)
        if not token.text.isascii():
            return None
        terms = self._terms(conn, token.text.lower())
        if terms is None:
            return None
        if not terms:
            # No word starts so: nothing matches (an expression that matches nothing).
            return Probe((), expression='"' + token.text + '"', most=0)
        big = [term for term, docs in terms if docs > rare_docs]
        rare = tuple(term for term, docs in terms if docs <= rare_docs)
        if len(big) > MOST_WORDS or sum(d for _, d in terms if d <= rare_docs) > MOST_RARE_IDS:
            return None
        rare_ids = self._rare_ids(conn, rare) if rare else frozenset()
        quoted = [f'"{term}"' for term, _ in terms]
        expression = quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"
        most = sum(docs for _, docs in terms)
        return Probe(tuple(f'"{term}"' for term in big), rare_ids, expression, most)

    def _terms(self, conn: sqlite3.Connection, prefix: str) -> list[tuple[str, int]] | None:
        """The words starting with `prefix` and how many requests hold each, most held first;
        None when there are more than MOST_TERMS. A longer prefix typed after a shorter one
        filters the shorter one's words: one vocabulary read per word typed."""
        if prefix in self._vocabulary:
            return self._vocabulary[prefix]
        for end in range(len(prefix) - 1, 0, -1):
            shorter = self._vocabulary.get(prefix[:end])
            if shorter is not None:
                terms = [(term, docs) for term, docs in shorter if term.startswith(prefix)]
                break
        else:
            self._vocabulary_table(conn)
            # The end of the range: the prefix with its last character the next one (ASCII).
            after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            rows = conn.execute(
                "SELECT term, doc FROM temp.foitui_vocab WHERE term >= ? AND term < ? LIMIT ?",
                (prefix, after, MOST_TERMS + 1),
            ).fetchall()
            terms = None if len(rows) > MOST_TERMS else sorted(rows, key=lambda r: -r[1])
        self._vocabulary[prefix] = terms
        return terms

    def _vocabulary_table(self, conn: sqlite3.Connection) -> None:
        if self._table is not conn:
            # In the connection's temp schema: nothing is written to the index file.
            conn.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.foitui_vocab USING fts5vocab(main, s, row)"
            )
            self._table = conn

    def _rare_ids(self, conn: sqlite3.Connection, terms: tuple[str, ...]) -> frozenset[int]:
        found = self._rare.get(terms)
        if found is None:
            expression = " OR ".join(f'"{term}"' for term in terms)
            # One JSON array, not a row each: half the time for tens of thousands (search.py
            # plans only where SQLite has json_group_array).
            row = conn.execute(
                "SELECT json_group_array(rowid) FROM s WHERE s MATCH ?", (expression,)
            ).fetchone()
            found = frozenset(json.loads(row[0]))
            self._rare[terms] = found
        return found


class Counting:
    """`SELECT count(*)` of an expression on a read-only connection of its own, made for this
    count: it holds no lock another reader waits for, and `cancel` (from any thread) stops it
    at once (sqlite3 `interrupt`), which a shared connection could not do safely."""

    def __init__(self, path: Path, expression: str) -> None:
        self._uri = f"{path.resolve().as_uri()}?mode=ro"
        self.expression = expression
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def run(self, *, cancellable: bool = True) -> int | None:
        """The count; None when cancelled first or meanwhile. Raises sqlite3.Error."""
        with self._lock:
            if self._cancelled and cancellable:
                return None
            conn = sqlite3.connect(self._uri, uri=True, timeout=5.0, check_same_thread=False)
            if cancellable:
                self._conn = conn
        try:
            row = conn.execute("SELECT count(*) FROM s WHERE s MATCH ?", (self.expression,))
            return int(row.fetchone()[0])
        except sqlite3.OperationalError:
            if cancellable and self._cancelled:
                return None  # interrupted
            raise
        finally:
            with self._lock:
                if self._conn is conn:
                    self._conn = None
            conn.close()

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self._conn is not None:
                self._conn.interrupt()
