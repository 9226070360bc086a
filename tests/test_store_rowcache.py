"""index.sqlite: the index's rows served without reading index.json, derived and never trusted
when it is not in step with index.json (issue 18: a CLI edit must not read the whole index)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foitui.store import Store
from foitui.store.columns import CachedIndex
from tests.conftest import make_request


def _never(self: Store) -> None:
    raise AssertionError("index.json was read in full")


def _made(make_store, count: int = 3) -> Store:
    refs = ["FOI 11726", "EIR/2024/0042", "FOI 500"]
    return make_store([make_request(n + 1, ref=refs[n % 3]) for n in range(count)])


def test_an_edit_from_a_fresh_process_reads_one_row_not_the_index(
    make_store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _made(make_store)
    assert (store_path / "index.sqlite").exists()  # made by the import
    monkeypatch.setattr(Store, "_read_index_columns", _never)
    store = Store.open(store_path)
    assert isinstance(store._index, CachedIndex)
    assert len(store) == 3
    assert store.resolve("FOI 11726") == "1"
    assert store.resolve("eir 2024/42") == "2"  # any spelling
    store.mark("2", "1", outcome="answered")
    store.set_field("3", "title", "Renamed")
    assert store.summary("3").title == "Renamed"
    assert store.index_row("2").ref == "EIR/2024/0042"
    monkeypatch.undo()
    again = Store.open(store_path)
    assert [s.title for s in again.summaries()][2] == "Renamed"
    assert again.get("2").questions[0].outcome.value == "answered"


def test_references_edited_in_triage_win_over_the_cached_ones(
    make_store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _made(make_store)
    Store.open(store_path).set_field("1", "ref", "FOI 99")
    monkeypatch.setattr(Store, "_read_index_columns", _never)
    store = Store.open(store_path)
    assert store.resolve("FOI 99") == "1"
    assert store.find("FOI 11726") is None
    with pytest.raises(Exception, match="already the reference of request 1"):
        store.set_field("2", "ref", "FOI 99")


def test_a_cache_behind_index_json_is_not_used(make_store, store_path: Path) -> None:
    """Another process imported (or a backup was restored) with no cache update: the rows
    come from index.json, and the cache is made again."""
    _made(make_store)
    stale = (store_path / "index.sqlite").read_bytes()
    Store.open(store_path).import_requests([make_request(4, ref="FOI 4")], ["new"])
    (store_path / "index.sqlite").write_bytes(stale)
    store = Store.open(store_path)
    assert len(store) == 4
    assert store.resolve("FOI 4") == "4"
    assert store.index_row("4").ref == "FOI 4"
    assert isinstance(Store.open(store_path)._index, CachedIndex)  # in step again


@pytest.mark.parametrize("damage", [b"", b"not a database at all" * 100, b"SQLite format 3\0"])
def test_a_damaged_cache_loses_nothing_and_is_made_again(
    make_store, store_path: Path, damage: bytes
) -> None:
    _made(make_store)
    (store_path / "index.sqlite").write_bytes(damage)
    store = Store.open(store_path)
    assert store.ids() == ["1", "2", "3"]
    assert store.resolve("FOI 500") == "3"
    reopened = Store.open(store_path)
    assert isinstance(reopened._index, CachedIndex)
    assert reopened.index_row("3").ref == "FOI 500"


def test_a_store_from_before_the_cache_opens_and_gets_one(make_store, store_path: Path) -> None:
    """Existing stores (index.json only) open as before and are given their cache."""
    _made(make_store)
    (store_path / "index.sqlite").unlink()
    store = Store.open(store_path)
    assert not isinstance(store._index, CachedIndex)
    assert store.resolve("EIR/2024/0042") == "2"
    assert (store_path / "index.sqlite").exists()
    assert Store.open(store_path).resolve("EIR/2024/0042") == "2"


def test_a_cache_of_other_index_columns_is_not_used(
    make_store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new index column (records.INDEX_COLUMNS) makes an older cache stale by itself."""
    _made(make_store)
    from foitui.store import rowcache

    monkeypatch.setattr(rowcache, "INDEX_COLUMNS", (*rowcache.INDEX_COLUMNS, "assignee"))
    assert (
        rowcache.open_cache(
            store_path / "index.sqlite", rowcache.stamp_of(store_path / "index.json")
        )
        is None
    )


def test_the_import_outbox_is_settled_through_the_cache(make_store, store_path: Path) -> None:
    """An import killed after its commit (index.json) but before its journal line: the next
    writer opened through the cache still appends the entry (journal and store agree)."""
    _made(make_store)
    journal = store_path / "journal.jsonl"
    lines = journal.read_text().splitlines()
    journal.write_text("\n".join(line for line in lines if '"import"' not in line))
    store = Store.open(store_path)
    assert isinstance(store._index, CachedIndex)
    actions = [json.loads(line)["action"] for line in journal.read_text().splitlines()]
    assert actions.count("import") == 1


def test_list_json_streams_rows_without_reading_the_index(
    make_store, store_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """`foitui list --json` in id order makes each row as it is written (issue 18: constant
    memory at 1,000,000 requests), the same rows as the list's, edits and links included."""
    from foitui import views
    from foitui.cli import main

    store = _made(make_store, 5)
    store.mark("2", "1", outcome="answered")
    store.link("4", "FOI 11726", kind="related")
    store.set_field("5", "ref", "FOI 55")
    expected = json.loads(views.list_json(Store.open(store_path).summaries()))
    monkeypatch.setattr(Store, "_read_index_columns", _never)
    assert main(["list", "--json", "--store", str(store_path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == expected
    assert [row["links"] for row in listed] == [1, 0, 0, 1, 0]
    assert main(["list", "--json", "--status", "in_progress", "--store", str(store_path)]) == 0
    assert [row["id"] for row in json.loads(capsys.readouterr().out)] == ["2"]


def test_list_json_gives_its_first_rows_before_reading_the_last() -> None:
    from itertools import repeat

    from foitui import views
    from foitui.kinds import Law, Status
    from foitui.store import Summary

    endless = repeat(
        Summary("1", "FOI 1", "t", None, Law.FOI, None, None, Status.NEW, 1, 0, 0, False)
    )
    first = next(views.list_json_chunks(endless, per_chunk=3))
    assert first.startswith("[\n {") and first.count("\n {") == 3


def test_the_kept_orders_are_the_lists_orders(tmp_path: Path) -> None:
    # index.sqlite keeps each order of the list, sorted at import from the index's columns
    # alone (sorting the list's rows was the peak of a big import's memory): the same order
    # as the list's own sort of its rows, ties in id order, dateless and closed last.
    from foitui.importing import load_corpus
    from foitui.store import ordering
    from tests.conftest import SAMPLE

    store = Store.open(tmp_path / "s")
    assert load_corpus(store, [SAMPLE], fmt="tsv", skip_bad=False)[0] == 40
    store.import_requests([make_request(n, received=None) for n in (1, 2)], ["no date", "none"])
    # Sorted by SQLite now: every group of the urgent order, and ties, from each side.
    from datetime import date

    from foitui.kinds import Status

    extra = []
    for n, (status, responded) in enumerate(
        [
            (Status.WAITING_CLARIFICATION, None),
            (Status.WAITING_CLARIFICATION, None),
            (Status.SUCCESSFUL, None),
            (Status.IN_PROGRESS, date(2026, 11, 20)),
            (Status.NOT_HELD, date(2026, 11, 3)),
            (Status.IN_PROGRESS, None),
        ],
        start=50,
    ):
        request = make_request(n, received=f"2026-11-{n - 40:02d}")
        request.status, request.responded = status, responded
        extra.append(request)
    store.import_requests(extra, [f"extra{n}" for n in range(len(extra))])
    reopened = Store.open(tmp_path / "s")
    rows = reopened.summaries()
    assert len({row.status for row in rows}) >= 6 and any(row.due is None for row in rows)
    assert any(row.responded for row in rows)
    for sort in ordering.SORTS:
        kept = reopened.list_order(sort)
        assert kept is not None
        assert list(kept) == [int(row.id) for row in ordering.sort_rows(rows, sort)], sort
