"""The full-text search index (foitui/store/search.py): query meaning, edits, files, failures."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from foitui.store import search
from foitui.store.search import SearchIndex, SearchIndexError, parse_query, search_text

pytestmark = pytest.mark.skipif(not search.fts5_available(), reason="sqlite3 without FTS5")

DOCS = {
    1: search_text("FOI11726", "Fly-tipping in Wigan parks", "Wigan Council", None, "How many?"),
    2: search_text("FOI/2020/5", "Parking fines", "Leeds City Council", "Dear Sir, fly tipping"),
    3: search_text("REF-77", "Café opening hours", "Straße Trust", "Élan vital; s.40(2) applies"),
    4: search_text("X1", "Budget", "Kent County Council", 'NOT (a:b) * "quoted"'),
}


@pytest.fixture
def index(tmp_path: Path) -> Iterator[SearchIndex]:
    index = SearchIndex(tmp_path)
    index.add(DOCS.items())
    yield index
    index.close()


def dead_rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM dead").fetchone()[0]


# -- search_text and parse_query -----------------------------------------------------------


def test_search_text_joins_parts_and_adds_glued_digit_runs() -> None:
    body = search_text("FOI11726", None, "Title", "", "see 2024-100000 and AB12")
    assert body.split("\n")[:3] == ["FOI11726", "Title", "see 2024-100000 and AB12"]
    # Glued to letters and 3+ digits long: 11726. Not 2024/100000 (already words), not 12.
    assert body.split("\n")[-1] == "11726"
    assert search_text("11726B", "CASE123X456").endswith("11726 123 456")
    assert search_text(None, None) == ""


def test_search_text_does_not_scan_long_texts() -> None:
    long_text = "word " * 100 + "FOI99999"
    assert search_text(long_text) == long_text


def test_parse_query_words_are_anded_prefixes() -> None:
    assert parse_query("park") == '"park"*'
    assert parse_query("  Wigan   park ") == '"Wigan"* AND "park"*'
    assert parse_query("park park") == '"park"*'


def test_parse_query_punctuated_word_needs_all_its_tokens() -> None:
    assert parse_query("fly-tipping") == '(("fly" AND "tipping"*) OR "flytipping"*)'
    assert parse_query("FOI/11726") == '(("FOI" AND "11726"*) OR "FOI11726"*)'
    assert parse_query("s.40(2)") == '(("s" AND "40" AND "2"*) OR "s402"*)'


@pytest.mark.parametrize("text", ["", "   ", '"', "*", ")", "-", "( ) + - ^ : *", '""'])
def test_parse_query_without_a_word_is_none(text: str) -> None:
    assert parse_query(text) is None


def test_parse_query_quotes_operators_as_words() -> None:
    assert (
        parse_query('NOT "park" a:b OR')
        == '"NOT"* AND "park"* AND (("a" AND "b"*) OR "ab"*) AND "OR"*'
    )
    assert parse_query("NEAR(x y)") == '(("NEAR" AND "x"*) OR "NEARx"*) AND "y"*'


# -- query semantics -------------------------------------------------------------------------


def test_query_matches_word_prefixes(index: SearchIndex) -> None:
    assert index.query("park") == {1, 2}
    assert index.query("parking") == {2}
    assert index.query("p") == {1, 2}  # one letter: parks, parking
    assert index.query("wig") == {1}
    assert index.query("igan") == set()  # a prefix, not a substring


def test_query_needs_every_word(index: SearchIndex) -> None:
    assert index.query("council") == {1, 2, 4}
    assert index.query("council wigan") == {1}
    assert index.query("council café") == set()


def test_query_folds_case_and_accents(index: SearchIndex) -> None:
    assert index.query("CAFE") == {3}
    assert index.query("café") == {3}
    assert index.query("elan") == {3}
    assert index.query("ÉLAN") == {3}
    assert index.query("straße") == {3}
    assert index.query("WIGAN") == {1}


def test_query_punctuated_words(index: SearchIndex) -> None:
    # Both spellings of the text match both spellings of the query: tokens, not a phrase.
    assert index.query("fly-tipping") == {1, 2}
    assert index.query("fly tip") == {1, 2}
    assert index.query("s.40") == {3}
    assert index.query("s.40(2)") == {3}
    assert index.query("s.41") == set()


def test_query_finds_digits_inside_references(index: SearchIndex) -> None:
    assert index.query("11726") == {1}
    assert index.query("117") == {1}
    assert index.query("FOI11726") == {1}
    assert index.query("foi/11726") == {1}
    assert index.query("FOI/2020/5") == {2}
    assert index.query("FOI 2020") == {2}


@pytest.mark.parametrize(
    "text", ['"', "*", "NOT", ")", "a:b", '"park', "park)", "NEAR(park", "^park", "+-", "\\"]
)
def test_hostile_query_text_never_errors(index: SearchIndex, text: str) -> None:
    result = index.query(text)
    assert result is None or isinstance(result, set)


def test_operators_in_query_are_plain_words(index: SearchIndex) -> None:
    assert index.query("NOT") == {4}
    assert index.query("NOT park") == set()  # "not" AND "park", never "NOT park"
    assert index.query("a:b") == {4}
    assert index.query('"quoted"') == {4}


@pytest.mark.parametrize("text", ["", "   \t\n", "*", '"', "()"])
def test_query_without_a_word_is_none(index: SearchIndex, text: str) -> None:
    assert index.query(text) is None


def test_character_python_and_sqlite_split_differently_is_no_error(index: SearchIndex) -> None:
    # U+19B0 is alphanumeric for Python 3.11 but a separator for SQLite 3.40's tokenizer: a
    # quoted "a\u19b0b" would be a phrase, which FTS5 rejects without positions.
    index.add([(9, "Wigan\u19b0zed")])
    assert index.query("wigan\u19b0zed") is not None


# -- edits -----------------------------------------------------------------------------------


def test_replacing_a_text_forgets_its_old_words(index: SearchIndex) -> None:
    index.add([(2, search_text("FOI/2020/5", "Bus lanes", "Leeds City Council"))])
    assert index.query("parking") == set()
    assert index.query("bus") == {2}
    assert index.query("leeds") == {2}
    index.add([(2, "Tram stops")])  # a second replacement: the first new text goes too
    assert index.query("bus") == set()
    assert index.query("tram") == {2}
    assert index.ids() == {1, 2, 3, 4}


def test_replacements_among_many_matches(tmp_path: Path) -> None:
    # Many results and few replaced ids, and the other way round: both ways of applying them.
    index = SearchIndex(tmp_path)
    index.add((rid, f"common word{rid}") for rid in range(1, 21))
    index.add([(3, "other"), (4, "common again"), (5, "common too")])
    assert index.query("common") == set(range(1, 21)) - {3}
    assert index.query("word") == set(range(1, 21)) - {3, 4, 5}
    assert index.query("again") == {4}
    assert index.query("other") == {3}


def test_re_adding_the_same_text_leaves_no_stale_rows(index: SearchIndex) -> None:
    index.add([(1, DOCS[1])])
    assert dead_rows(index.path) == 0
    assert index.query("wigan") == {1}


def test_a_repeated_id_in_one_add_keeps_the_last_text(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path)
    index.add([(5, "first"), (6, "other"), (5, "second")])
    assert index.query("first") == set()
    assert index.query("second") == {5}
    assert index.ids() == {5, 6}


def test_ids_below_the_highest_that_were_never_indexed_are_added(index: SearchIndex) -> None:
    index.add([(100, "hundred")])
    index.add([(50, "fifty")])
    assert index.query("fifty") == {50}
    assert index.ids() == {1, 2, 3, 4, 50, 100}


def test_remove(index: SearchIndex) -> None:
    index.remove([2, 3, 999])
    assert index.ids() == {1, 4}
    assert index.query("park") == {1}
    assert index.query("cafe") == set()
    index.remove([2])  # again: nothing to do
    assert index.ids() == {1, 4}


def test_removed_id_added_again_has_only_its_new_text(index: SearchIndex) -> None:
    index.remove([1])
    index.add([(1, "Allotments")])
    assert index.query("wigan") == set()
    assert index.query("allot") == {1}
    index.remove([1])
    assert index.query("allot") == set()
    assert index.ids() == {2, 3, 4}


def test_clear_drops_everything(index: SearchIndex) -> None:
    index.remove([1])
    index.add([(2, "changed")])
    index.clear()
    assert index.ids() == set()
    assert index.query("park") == set()
    index.add([(1, "park again")])
    assert index.query("park") == {1}


def test_add_is_all_or_nothing(index: SearchIndex) -> None:
    def items():
        yield 10, "ten"
        yield 2, "replaced"
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError):
        index.add(items())
    assert index.ids() == {1, 2, 3, 4}
    assert index.query("ten") == set()
    assert index.query("parking") == {2}
    with pytest.raises(ValueError):
        index.add([(11, "eleven"), (0, "zero")])
    assert index.query("eleven") == set()


def test_new_ids_take_the_fast_path_without_lookups(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path)
    index.add([(1, "one")])
    statements: list[str] = []
    assert index._conn is not None
    index._conn.set_trace_callback(statements.append)
    index.add((rid, f"text {rid}") for rid in range(2, 3002))
    assert not [s for s in statements if "WHERE id" in s]
    assert len(index.ids()) == 3001


HARD_TEXTS = [
    'back\\slash "quoted" tab\tnew\nline \x00nul \x1fsep',
    "emoji 😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 non-BMP, Grüße, 東京, ﬁligree",
    "\\u00e9 escaped-looking \\ud83d text, [brackets] {braces}",
]


@pytest.mark.parametrize("json_functions", [True, False])
def test_texts_of_an_import_batch_are_indexed_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, json_functions: bool
) -> None:
    """Consecutive new ids go to SQLite as one JSON array (or row by row without JSON
    functions): either way every text is indexed exactly as given."""
    monkeypatch.setattr(search, "_json_functions", json_functions)
    index = SearchIndex(tmp_path)
    statements: list[str] = []
    index.add([(1, "first")])
    assert index._conn is not None
    index._conn.set_trace_callback(statements.append)
    index.add(enumerate(HARD_TEXTS, start=2))
    assert any("json_each" in s for s in statements) is json_functions
    for word, ids in [
        ("slash", {2}),
        ("quoted", {2}),
        ("nul", {2}),
        ("sep", {2}),
        ("emoji", {3}),
        ("grusse", set()),
        ("grüße", {3}),
        ("東京", {3}),
        ("u00e9", {4}),
        ("ud83d", {4}),
        ("brackets", {4}),
        ("first", {1}),
    ]:
        assert index.query(word) == ids, word
    assert index.ids() == {1, 2, 3, 4}


# -- files, processes, threads -----------------------------------------------------------


def test_nothing_is_created_until_the_first_write(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path)
    assert index.path == tmp_path / SearchIndex.FILE
    assert index.query("park") == set()
    assert index.ids() == set()
    assert list(tmp_path.iterdir()) == []
    index.add([(1, "park")])
    assert index.path.exists()


def test_path_may_name_the_file(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "other.sqlite")
    index.add([(1, "park")])
    assert (tmp_path / "other.sqlite").exists()


def test_file_mode_is_0600(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        index = SearchIndex(tmp_path)
        index.add([(1, "private")])
    finally:
        os.umask(old)
    assert stat.S_IMODE(index.path.stat().st_mode) == 0o600


def test_readonly_queries_and_refuses_writes(index: SearchIndex) -> None:
    reader = SearchIndex(index.path, readonly=True)
    assert reader.query("park") == {1, 2}
    assert reader.ids() == {1, 2, 3, 4}
    for write in (lambda: reader.add([(9, "x")]), lambda: reader.remove([1]), reader.clear):
        with pytest.raises(SearchIndexError, match="read-only"):
            write()
    assert index.ids() == {1, 2, 3, 4}


def test_readonly_on_a_missing_file_is_empty_and_creates_nothing(tmp_path: Path) -> None:
    reader = SearchIndex(tmp_path, readonly=True)
    assert reader.query("park") == set()
    assert list(tmp_path.iterdir()) == []


def test_two_objects_on_one_file_see_each_others_writes(index: SearchIndex) -> None:
    other = SearchIndex(index.path)
    assert other.query("tram") == set()
    assert other.query("parking") == {2}  # caches the (empty) fix-ups
    index.add([(2, "Tram stops"), (7, "tram depot")])
    assert other.query("tram") == {2, 7}
    assert other.query("parking") == set()
    other.remove([7])
    assert index.query("tram") == {2}
    other.close()


def test_one_letter_matching_everything_follows_every_kind_of_write(tmp_path: Path) -> None:
    # A one-letter query that matches every text is answered from the ids the index holds
    # (kept between queries): each write, by this object or another, must still be seen,
    # also when the number of matches stays the same.
    index = SearchIndex(tmp_path)
    index.add((rid, f"pothole report {rid}") for rid in range(1, 6))
    assert index.query("p") == {1, 2, 3, 4, 5}
    index.remove([5])  # this object
    index.add([(6, "parking permits")])
    assert index.query("p") == {1, 2, 3, 4, 6}
    other = SearchIndex(index.path)  # another object (another process, say)
    other.remove([1])
    other.add([(7, "pavements")])
    assert index.query("p") == {2, 3, 4, 6, 7}
    other.add([(2, "street lights")])  # a replaced text: its old rowid is stale
    assert index.query("p") == {3, 4, 6, 7}
    other.add([(2, "potholes again")])
    assert index.query("p") == {2, 3, 4, 6, 7}
    assert index.query("s") == set()
    assert index.query("r") == {3, 4}
    assert index.ids() == {2, 3, 4, 6, 7}
    other.close()
    index.close()


def test_a_file_rebuilt_by_another_object_is_reopened(index: SearchIndex) -> None:
    assert index.query("park") == {1, 2}
    index.path.unlink()  # as the store does before a rebuild
    rebuilt = SearchIndex(index.path)
    rebuilt.add([(1, "meadow")])
    assert index.query("meadow") == {1}
    assert index.query("park") == set()


def test_query_from_another_thread(index: SearchIndex) -> None:
    results: list[set[int] | None] = []
    worker = threading.Thread(target=lambda: results.append(index.query("council")))
    worker.start()
    worker.join()
    assert results == [{1, 2, 4}]


# -- failures --------------------------------------------------------------------------------


def test_corrupt_file_raises_search_index_error(tmp_path: Path) -> None:
    path = tmp_path / SearchIndex.FILE
    path.write_bytes(b"this is not a database\x00" * 100)
    index = SearchIndex(tmp_path)
    for call in (lambda: index.query("park"), index.ids, lambda: index.add([(1, "x")])):
        with pytest.raises(SearchIndexError) as caught:
            call()
        assert caught.value.corrupt
        assert "\n" not in str(caught.value)
        assert str(path) in str(caught.value)


def test_damaged_pages_raise_search_index_error(index: SearchIndex) -> None:
    index.close()
    data = bytearray(index.path.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # keep the header, wreck every page after it
    index.path.write_bytes(bytes(data))
    with pytest.raises(SearchIndexError) as caught:
        SearchIndex(index.path).query("park")
    assert caught.value.corrupt


def test_another_sqlite_database_is_an_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / SearchIndex.FILE
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t(x)")
    with pytest.raises(SearchIndexError, match="unknown format") as caught:
        SearchIndex(tmp_path).add([(1, "x")])
    assert caught.value.corrupt


def test_without_fts5(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "_fts5", False)
    index = SearchIndex(tmp_path)
    assert not index.available
    assert index.query("  ") is None  # no word: nothing to search, no error
    for call in (lambda: index.query("park"), index.ids, lambda: index.add([(1, "x")])):
        with pytest.raises(SearchIndexError, match="needs SQLite with FTS5") as caught:
            call()
        assert not caught.value.corrupt  # rebuilding would not help
    assert list(tmp_path.iterdir()) == []
    index.close()


# -- Matches: a search's ids as SQLite hands them over (issue 18) ----------------------------


@pytest.mark.parametrize(
    "ids", [[], [7], [1, 2], [3, 10, 11, 99, 100, 101, 1000, 99999, 100000, 1234567]]
)
def test_matches_from_text_count_test_and_list_the_ids(ids: list[int]) -> None:
    found = search.Matches(text="[" + ",".join(map(str, ids)) + "]")
    assert found.in_id_order
    assert len(found) == len(ids)
    assert found.bounds() == ((ids[0], ids[-1]) if ids else None)
    for rid in range(0, 1234570 if len(ids) < 5 else 1001):
        assert (rid in found) == (rid in ids), rid
    for rid in ids:
        assert rid in found
    assert "7" not in found  # ids are ints
    assert set(found) == set(ids) and found.ids() == frozenset(ids)


def test_matches_from_a_set_behave_the_same() -> None:
    found = search.Matches({5, 3, 9})
    assert not found.in_id_order
    assert (len(found), found.bounds(), 3 in found, 4 in found) == (3, (3, 9), True, False)


@pytest.mark.parametrize("text", ["w", "wi", "wigan", "council", "fly-tipping", "FOI/11726", "zz"])
def test_matches_hold_what_query_finds(index: SearchIndex, text: str) -> None:
    found = index.matches(text)
    assert found is not None and found.in_id_order
    assert set(found) == index.query(text)
    assert len(found) == len(index.query(text))
    assert index.matches("?!") is None


def test_matches_of_one_letter_in_every_text_say_everything(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path)
    index.add([(1, "apple"), (2, "avocado"), (3, "banana apple")])
    found = index.matches("a")
    assert found is not None and found.everything and set(found) == {1, 2, 3}
    assert not index.matches("b").everything  # type: ignore[union-attr]


def test_matches_after_a_text_is_replaced_or_removed(index: SearchIndex) -> None:
    # A replaced text lives under another rowid: the ids then come from `query`, as a set.
    index.add([(2, "Allotment waiting lists")])
    index.remove([1])
    for text in ("wigan", "allotment", "council", "fly"):
        found = index.matches(text)
        assert found is not None and set(found) == index.query(text), text
    assert set(index.matches("allotment") or ()) == {2}
    assert set(index.matches("wigan") or ()) == set()


def test_one_letter_everywhere_is_counted_without_making_the_ids(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path)
    index.add([(1, "apple"), (2, "avocado"), (3, "banana apple")])
    assert index.span() == (3, 1, 3)
    found = index.matches("a")
    assert found is not None and found.everything and len(found) == 3
    assert 2 in found and 9 not in found and found.bounds() == (1, 3)
    index.remove([2])
    assert index.span() == (2, 1, 3)
    assert set(index.matches("a") or ()) == {1, 3}


def test_an_index_whose_span_matches_a_contiguous_store_is_in_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from foitui.store.fulltext import FullText

    texts = {1: "apple", 2: "avocado", 3: "banana"}
    SearchIndex(tmp_path).add(texts.items())

    def full_text(ids: set[int], span: tuple[int, int] | None) -> FullText:
        return FullText(
            tmp_path / SearchIndex.FILE,
            readonly=False,
            ids=lambda: ids,
            span=lambda: span,
            bodies=lambda only: [(rid, texts.get(rid, "cherry")) for rid in sorted(only)],
            version=lambda: 1,
        )

    # Same count, lowest and highest as a store of 1..3: in step, without reading the ids.
    same = full_text({1, 2, 3}, (1, 3))
    with monkeypatch.context() as patch:
        patch.setattr(SearchIndex, "ids", lambda self: pytest.fail("read every id"))
        assert same.ready() is not None
    # A store of 1..4 (a request the index lacks): the span differs, and it catches up.
    more = full_text({1, 2, 3, 4}, (1, 4))
    assert set(more.matches("c") or ()) == {4}
    assert SearchIndex(tmp_path).span() == (4, 1, 4)


@pytest.mark.parametrize("prefixes", ["1 2 3", "1 2"])
def test_many_matches_are_tested_by_the_index_and_counted_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefixes: str
) -> None:
    # Every token a seek (search_plan.py): a prefix longer than those indexed is asked as the
    # words starting with it, so an index made before 3-letter prefixes were indexed answers
    # the same. Many matches (1/8 or more near both ends of their range) are tested as the
    # list reads them and counted apart; few are read whole.
    schema = tuple(
        part.replace("prefix='1 2 3'", f"prefix='{prefixes}'") for part in search._SCHEMA
    )
    monkeypatch.setattr(search, "_SCHEMA", schema)
    monkeypatch.setattr(search, "PLANNED_FROM", 0)
    monkeypatch.setattr(search, "PROBE", 4)
    index = SearchIndex(tmp_path)
    index.add([(rid, f"parking permit {rid}" if rid % 3 else "pothole") for rid in range(1, 41)])
    for text in ("pa", "par", "park", "pot", "p", "zz", "parking 12", "PARKING", "pe pot"):
        found = index.matches(text)
        expected = index.query(text) or set()
        assert found is not None and found.in_id_order, text
        assert found.counted() == len(expected) == len(found), text
        assert list(found.among(range(1, 45))) == sorted(expected), text
        assert [rid for rid in range(45) if rid in found] == sorted(expected), text
        assert found.bounds() == ((min(expected), max(expected)) if expected else None)
        assert set(found) == expected, text
        many = {"pa", "par", "park", "pot", "p", "PARKING"}
        assert (found._among is not None) == (text in many), text
