"""The list's pickers counted from index.sqlite's tallies (foitui/store/tallies.py; issue 18):
the exemption counts, the ids citing an exemption, the status counts and the open count are
exactly what walking every row gives, on a store as imported and on one with edits (marks by
hand, corrections, assignments, statuses, links), after an import adds rows, and while
another process's import has grown the file."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date, timedelta
from itertools import product
from pathlib import Path

from foitui import views
from foitui.exemptions import section_of
from foitui.kinds import CLOSED, Law, Outcome, Status
from foitui.models import Question, Request, Source
from foitui.store import Store, records, rowcache, tallies
from tests.test_store_corrections import SPLIT, parsed_request

POOL = ["s40(2)", "s40(1)", "s12", "s12(1)", "s21", "s43(2)", "s31(1)(a)", "s40"]
EIR_POOL = ["r12(4)(a)", "r12(5)(e)", "r12(4)(b)"]
OUTCOMES = [Outcome.PENDING, Outcome.ANSWERED, Outcome.REFUSED, Outcome.PARTLY_ANSWERED]


def _codes(n: int, i: int, law: Law) -> list[str]:
    pool = EIR_POOL if law is Law.EIR else POOL
    if (n + i) % 3:
        return []
    first = pool[(n + 2 * i) % len(pool)]
    # Some questions cite two codes of one section (counted once under it), some two sections.
    return [first, pool[(n + i + 1) % len(pool)]] if (n + i) % 5 == 0 else [first]


def _request(n: int) -> Request:
    law = Law.EIR if n % 7 == 3 else Law.FOI
    received = date(2026, 9, 1) + timedelta(days=n % 60)
    questions = []
    for i in range(n % 5):  # none to four questions
        codes = _codes(n, i, law)
        outcome = Outcome.REFUSED if codes else OUTCOMES[(n + i) % len(OUTCOMES)]
        questions.append(
            Question(
                key=str(i + 1), text=f"Question {i + 1} of {n}", outcome=outcome, exemptions=codes
            )
        )
    return Request(
        ref=f"FOI {n}",
        title=f"Request {n}",
        law=law,
        received=received,
        status=Status.ON_HOLD if n % 17 == 0 else Status.NEW,
        response_text="A response." if n % 3 == 0 else "",
        questions=questions,
        responded=received + timedelta(days=9) if n % 11 == 0 else None,
        source=Source(file="picked.tsv", line=n, record=n),
    )


def picked_requests(count: int = 120, start: int = 0) -> list[Request]:
    return [_request(n) for n in range(start, start + count)]


def _import(store: Store, items: list[Request], tag: str) -> None:
    store.import_requests(items, [f"{tag}-{i}" for i in range(len(items))])


def build_picked(root: Path) -> Store:
    """Requests citing exemptions in every way, two parsed ones, then edits that make rows
    differ from their index rows: exemptions marked by hand (one replaced, one taken away,
    one added), an outcome marked (its codes kept), corrections (one splitting a question),
    assignments, statuses, a link."""
    store = Store.open(root)
    _import(store, [*picked_requests(), parsed_request(1), parsed_request(2)], "picked")
    cites = [r.id for r in store.summaries() if store.get(r.id).questions and r.law is Law.FOI]
    first = {rid: store.get(rid).questions[0] for rid in cites}
    citing = [rid for rid in cites if first[rid].exemptions]
    plain = [rid for rid in cites if not first[rid].exemptions]
    store.mark(citing[0], first[citing[0]].key, exemptions=["s21"])
    store.mark(citing[1], first[citing[1]].key, exemptions=[])
    store.mark(plain[0], first[plain[0]].key, outcome="refused", exemptions=["s40(2)"])
    store.mark(citing[2], first[citing[2]].key, outcome="partly_answered")  # codes kept
    parsed = str(len(store))  # the last two requests are the parsed ones
    store.add_correction(parsed, {"op": "move", "block": "It cost", "to": "unassigned"})
    store.mark(parsed, "5", outcome="refused", exemptions=["s40(2)"])
    store.add_correction(str(len(store) - 1), SPLIT)
    opened = [r.id for r in store.summaries() if views.is_open(r)]
    closed = [r.id for r in store.summaries() if not views.is_open(r)]
    for rid in opened[:3]:
        store.assign(rid, "ann")
    store.assign(opened[3], "bob")
    store.assign(closed[0], "bob")  # closed: not in bob's queue
    store.set_status(opened[4], Status.WITHDRAWN)  # no longer open
    store.assign(opened[5], "ann")
    store.set_status(opened[5], Status.SUCCESSFUL)  # ann's, closed now
    store.set_status(closed[1], Status.IN_PROGRESS)  # open again (unless responded)
    store.link(opened[6], opened[7], kind="related")
    return store


def walked_codes(store: Store) -> dict[int, list[str]]:
    """Every request's exemption codes, walking every row as the store did before the tallies
    (records.question_exemptions, an edited request as it is now): the reference."""
    found = {}
    for rid, row in store._index.items():
        triage = store._triage.get(rid)
        if triage:
            row, triage = store._row(rid), store._view(rid)
        found[rid] = records.question_exemptions(row, triage or {})
    return found


def walked_counts(store: Store, group=None) -> Counter[str]:
    counts: Counter[str] = Counter()
    for codes in walked_codes(store).values():
        counts.update({group(code) for code in codes} if group else set(codes))
    return counts


def walked_citing(store: Store, code: str) -> set[str]:
    return {str(rid) for rid, codes in walked_codes(store).items() if records.cites(codes, code)}


def _cited_sets(store: Store) -> tuple[set[str], set[str]]:
    """Every code and every section any request cites."""
    codes = set(walked_counts(store))
    return codes, {section_of(code) for code in codes}


def assert_as_walked(store: Store) -> None:
    """The store's exemption counts and ids citing each code are the walk's."""
    codes, sections = _cited_sets(store)
    assert {"s40", "s12", "s21"} <= sections and {"s40(2)", "r12(4)(a)"} <= codes
    assert store.exemption_counts() == walked_counts(store)
    assert store.exemption_counts(group=section_of) == walked_counts(store, section_of)
    for code in sorted(codes | sections):
        assert store.ids_citing(code) == walked_citing(store, code), code
    assert store.ids_citing("s99") == set()


def test_exemption_lookups_from_index_sqlite_equal_the_walk(tmp_path: Path) -> None:
    build_picked(tmp_path / "store")
    store = Store.open(tmp_path / "store")
    assert store._triage  # edited rows judged one by one
    assert_as_walked(store)
    # From index.sqlite: no row made, index.json's columns never read.
    assert isinstance(store._tallies()[0], rowcache.RowCache)
    assert store._cached_index is not None and not store._cached_index.loaded


def test_exemption_lookups_of_an_index_in_memory_equal_the_walk(tmp_path: Path) -> None:
    store = build_picked(tmp_path / "store")  # just imported into: its index in memory
    assert isinstance(store._tallies()[0], tallies.InMemory)
    assert_as_walked(store)


def test_a_hand_mark_moves_a_request_between_codes(tmp_path: Path) -> None:
    # Marked by hand, a question's exemptions replace those parsed (records.question_exemptions).
    store = Store.open(tmp_path / "store")
    _import(store, picked_requests(), "picked")
    store = Store.open(tmp_path / "store")
    rid = sorted(store.ids_citing("s12"), key=int)[0]
    before = store.exemption_counts(group=section_of)
    for question in store.get(rid).questions:
        store.mark(rid, question.key, exemptions=["s43(2)"] if question.exemptions else [])
    assert rid not in store.ids_citing("s12") and rid in store.ids_citing("s43")
    after = store.exemption_counts(group=section_of)
    assert after["s12"] == before["s12"] - 1
    assert after == walked_counts(store, section_of)


def test_status_and_open_counts_from_the_tallies_equal_every_row(tmp_path: Path) -> None:
    build_picked(tmp_path / "store")
    store = Store.open(tmp_path / "store")
    # As the index alone gives the rows (the list corrects the edited ones: listing.py).
    rows = [records.summary(rid, row, {}, 0) for rid, row in store._index.items()]
    assert store.list_status_counts() == Counter(row.status for row in rows)
    assert store.list_open_count() == sum(map(views.is_open, rows))
    ids = [int(row.id) for row in rows]
    assert store.list_open(ids) == {int(row.id) for row in rows if views.is_open(row)}


def test_an_import_adds_its_rows_to_the_tallies(tmp_path: Path) -> None:
    root = tmp_path / "store"
    _import(Store.open(root), picked_requests(60), "first")
    store = Store.open(root)
    assert store._tallies() is not None
    _import(store, picked_requests(60, start=60), "second")  # the cache is extended
    grown = Store.open(root)
    cache = grown._cached_index.cache  # type: ignore[union-attr]
    regrouped = cache.fetch(
        f"SELECT {', '.join(rowcache.TALLIED)}, count(*) FROM rows WHERE id <= ?"
        f" GROUP BY {', '.join(map(str, range(1, len(rowcache.TALLIED) + 1)))}"
    )
    table = cache.fetch("SELECT * FROM tallies WHERE ? IS NOT NULL")  # as the import left it
    assert sorted(cache.tallies()) == sorted(table) == sorted(regrouped)
    assert sum(n for *_, n in cache.tallies()) == 120
    assert grown.exemption_counts(group=section_of) == walked_counts(grown, section_of)
    assert grown.ids_citing("s40") == walked_citing(grown, "s40")


def test_a_store_counts_its_own_rows_while_another_import_grows_the_file(tmp_path: Path) -> None:
    root = tmp_path / "store"
    _import(Store.open(root), picked_requests(60), "first")
    mine = Store.open(root)
    counts = mine.exemption_counts()
    statuses = mine.list_status_counts()
    citing = mine.ids_citing("s40")
    theirs = Store.open(root)
    _import(theirs, picked_requests(60, start=60), "second")  # extends index.sqlite
    # Until it reads the index again, this store's rows are the 60 it had: so are its counts.
    mine._kept_tallies = None
    assert mine.exemption_counts() == counts
    assert mine.list_status_counts() == statuses
    assert mine.ids_citing("s40") == citing


# ------------------------------------------------------------------ rows the import never writes


def _row(exemptions: str, questions: int, status: str | None, outcomes: str, resp: bool,
         responded: str | None) -> records.IndexRow:  # fmt: skip
    keys = records.SEP.join(str(i + 1) for i in range(questions))
    return records.IndexRow(
        ref=None, title="t", authority=None, law="foi", received="2026-09-01",
        status=status, keys=keys, outcomes=outcomes, exemptions=exemptions, refs="",
        resp=resp, rk="", nk="", due="2026-09-29", responded=responded,
    )  # fmt: skip


def test_tallies_of_every_shape_of_row(tmp_path: Path) -> None:
    """Rows with more exemption cells than questions (a row cites only its own questions'
    codes) or fewer, none, repeated codes, set statuses and response dates: the tallies'
    answers against records.question_exemptions and records.summary, row by row."""
    cells = ["", ";", "s40(2)", "s40(2);s12", "s12(1),s21;;s40", ";s40(2),s40(1)", "s43(2);" * 3]
    cells += ["r12(4)(a);r12(5)(e)", "s12", ";;s12"]
    states = [(None, "p", False, None), ("on_hold", "a", True, None), (None, "a", True, None)]
    states += [(None, "r", True, "2026-09-20"), ("", "pp", False, None)]
    rows = [
        _row(cell, questions, *state)
        for _, cell, questions, state in product(range(2), cells, range(4), states)
    ]  # each shape twice: a tally counts both
    ids = list(range(1, len(rows) + 1))
    path = tmp_path / "index.sqlite"
    rowcache.write_cache(path, (1, 2, 3), {}, None, ids, rows)
    cache = rowcache.open_cache(path, (1, 2, 3))
    assert cache is not None
    found = [tallies.Tally(*tally) for tally in cache.tallies()]
    assert sum(tally.n for tally in found) == len(rows) == 2 * len(found)
    codes = {rid: records.question_exemptions(row, {}) for rid, row in zip(ids, rows, strict=True)}
    for group in (None, section_of):
        expected: Counter[str] = Counter()
        for cited in codes.values():
            expected.update({group(c) for c in cited} if group else set(cited))
        assert tallies.exemption_counts(found, group) == expected
    every = {c for cited in codes.values() for c in cited}
    for code in every | {section_of(c) for c in every} | {"s99"}:
        expected_ids = {rid for rid, cited in codes.items() if records.cites(cited, code)}
        assert cache.with_exemptions(*tallies.citing(found, code)) == expected_ids, code
    made = [records.summary(rid, row, {}, 0) for rid, row in zip(ids, rows, strict=True)]
    assert tallies.status_counts(found) == Counter(row.status for row in made)
    assert tallies.open_count(found) == sum(map(views.is_open, made))
    assert any(row.status in CLOSED for row in made) and any(map(views.is_open, made))


def test_an_older_index_sqlite_is_made_again_with_its_tallies(tmp_path: Path) -> None:
    root = tmp_path / "store"
    _import(Store.open(root), picked_requests(30), "first")
    db = root / "index.sqlite"
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DROP TABLE tallies")
        conn.execute("UPDATE meta SET value = '4' WHERE key = 'version'")
    conn.close()
    Store.open(root)  # reads index.json, makes index.sqlite again
    store = Store.open(root)
    assert store._tallies() is not None
    assert store.exemption_counts() == walked_counts(store)
