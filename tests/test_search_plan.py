"""Search at a million (issue 18): a query planned as seeks (search_plan.py) finds exactly what
the index's own prefix query finds; its matches are counted apart, and that count can be
stopped; a bulk add leaves the index merged."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from foitui.store import search, search_plan
from foitui.store.search import SearchIndex, _words
from foitui.store.search_plan import Counting, words_of

pytestmark = pytest.mark.skipif(not search.fts5_available(), reason="sqlite3 without FTS5")

WORDS = ["council", "councils", "councillor", "county", "counter", "information", "informal"]


def text_of(rid: int) -> str:
    """Every text holds a few of WORDS, a reference and a year; some words are in a few texts
    (held by few, they are tested as a set of ids), and every 13th text is "Café Straße"."""
    words = [WORDS[(rid * k) % len(WORDS)] for k in (1, 2, 5)]
    if rid % 13 == 0:
        words.append("Café Straße")
    if rid % 20 == 0:
        words.append("countdown")
    if rid % 50 == 0:
        words.append("countess")
    return f"FOI/{2024 + rid % 3}/{rid:05d} " + " ".join(words) + f" fly-tipping{rid % 4}"


QUERIES = [
    "coun",
    "council",
    "Council",
    "councill",
    "county",
    "informat",
    "information council",
    "counc inf",
    "FOI/2025",
    "2025",
    "fly-tipping2",
    "fly-tipp",
    "café",
    "straß",
    "counx",
    "coun zz",
    "c",
    "co",
    "cou",
    "0012",
    "00123",
    "2025 0012",
    "count",
    "countd",
    "countdown c",
    "counte",
]


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SearchIndex:
    # Small numbers so that a store of 300 texts takes every path a million does.
    monkeypatch.setattr(search, "PLANNED_FROM", 0)
    monkeypatch.setattr(search, "PROBE", 8)
    monkeypatch.setattr(search_plan, "RARE", 20)
    monkeypatch.setattr(search_plan, "RARE_SHARE", 10**9)
    index = SearchIndex(tmp_path)
    index.add((rid, text_of(rid)) for rid in range(1, 301))
    return index


@pytest.mark.parametrize("text", QUERIES)
def test_planned_matches_are_what_the_prefix_query_finds(index: SearchIndex, text: str) -> None:
    expected = index.query(text) or set()
    found = index.matches(text)
    assert found is not None
    assert list(found.among(range(0, 305))) == sorted(expected)
    assert [rid for rid in range(0, 305) if rid in found] == sorted(expected)
    assert found.counted() == len(expected) == len(found)
    assert set(found.ids()) == expected
    assert found.bounds() == ((min(expected), max(expected)) if expected else None)


def test_a_long_prefix_is_asked_as_the_words_starting_with_it(index: SearchIndex) -> None:
    conn = index._read()
    assert conn is not None
    plan = index._plan(conn, "councill informat")
    assert plan is not None
    assert plan.expression == '"councillor" AND "information"'
    # One word, one vocabulary word: its count is the vocabulary's, without counting.
    assert index._plan(conn, "information").count == len(index.query("information") or ())  # type: ignore[union-attr]
    # Indexed prefixes stay prefixes; a word with punctuation keeps both ways.
    plan = index._plan(conn, "fly-tipping1 co")
    assert plan is not None
    assert plan.expression == '(("fly" AND "tipping1") OR ("flytipping1")) AND "co"*'


def test_no_plan_for_a_prefix_of_many_words_or_not_ascii(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = index._read()
    assert conn is not None
    assert index._plan(conn, "straß") is None  # folded by SQLite's tokenizer, not Python
    monkeypatch.setattr(search_plan, "MOST_WORDS", 1)
    index._planner.forget()
    assert index._plan(conn, "coun") is None  # council, county, counter: each in many texts
    found = index.matches("coun")  # answered as before: the same ids
    assert found is not None and set(found) == index.query("coun")


def test_the_vocabulary_read_is_forgotten_when_the_index_changes(
    index: SearchIndex, tmp_path: Path
) -> None:
    assert 999 not in (index.matches("councilw") or ())
    index.add([(999, "councilwide review")])  # a new word starting "councilw": our write
    assert set(index.matches("councilw") or ()) == {999}
    other = SearchIndex(tmp_path)  # another process's write
    other.add([(1000, "councilwise plan")])
    assert set(index.matches("councilw") or ()) == {999, 1000}


def test_counting_apart_gives_the_count_and_can_be_stopped(index: SearchIndex) -> None:
    expected = len(index.query("co") or ())
    found = index.matches("co")
    assert found is not None and found.count is None  # many: counted apart
    counts: list[int | None] = []
    worker = threading.Thread(target=lambda: counts.append(found.counted()))
    worker.start()
    worker.join()
    assert counts == [expected] and found.count == expected
    stopped = index.matches("cou")
    assert stopped is not None and stopped.count is None
    stopped.cancel()
    assert stopped.counted() is None and stopped.count is None
    assert len(stopped) == len(index.query("cou") or ())  # len() still counts


def test_stopping_a_count_interrupts_its_connection_or_opens_none(index: SearchIndex) -> None:
    counting = Counting(index.path, '"co"*')
    interrupted: list[bool] = []

    class Running:  # the connection of a count under way
        def interrupt(self) -> None:
            interrupted.append(True)

    counting._conn = Running()  # type: ignore[assignment]
    counting.cancel()
    assert interrupted == [True]
    counting._conn = None
    assert counting.run() is None  # stopped before it starts: nothing is opened
    assert counting.run(cancellable=False) == len(index.query("co") or ())


def test_words_of_follows_parse_query() -> None:
    words = words_of(_words("FOI/11726 park park"))
    assert len(words) == 2  # the same word twice is one
    (apart, glued), (park,) = words
    assert [(t.text, t.prefix) for t in apart] == [("FOI", False), ("11726", True)]
    assert [(t.text, t.prefix) for t in glued] == [("FOI11726", True)]
    assert [(t.text, t.prefix) for t in park] == [("park", True)]


def test_a_bulk_add_merges_the_index_and_answers_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "OPTIMIZE_AT", 50)
    merged = SearchIndex(tmp_path / "merged.sqlite")
    merged.add((rid, text_of(rid)) for rid in range(1, 301))
    monkeypatch.setattr(search, "OPTIMIZE_AT", 10**9)
    plain = SearchIndex(tmp_path / "plain.sqlite")
    plain.add((rid, text_of(rid)) for rid in range(1, 301))
    for text in QUERIES:
        assert merged.query(text) == plain.query(text), text
    # An add that is rolled back leaves nothing, the merge included.
    monkeypatch.setattr(search, "OPTIMIZE_AT", 1)
    merged.add([(400, "zebra crossing")], keep=lambda: False)
    assert merged.query("zebra") == set()
