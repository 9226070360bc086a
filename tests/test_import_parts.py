"""A big import commits in parts (issue 18): another process lists, opens and finds the
requests already imported while the rest is parsed; a killed import keeps its parts and the
same file imported again carries on; a bad record still imports nothing, because the first
pass checks every record's fields before anything is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from foitui.errors import StoreBusyError
from foitui.importing import ImportStopped, load_corpus
from foitui.store import Store, records, search
from foitui.store import store as store_module
from tests.conftest import make_request, shrink_import
from tests.test_import_streaming import tsv_corpus


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts, workers, chunks and shards as at a million records, at a size a test affords."""
    monkeypatch.setattr(store_module, "PART_MIN", 6)
    monkeypatch.setattr(store_module, "PART_MAX", 10)
    shrink_import(monkeypatch, chunk=3, shard=4)


def _prepared(start: int, stop: int) -> list[records.Prepared]:
    return [records.prepare(make_request(n), f"fp{n}") for n in range(start, stop)]


def _corpus(path: Path, count: int, *, bad: int | None = None) -> Path:
    return tsv_corpus(path, count, bad=bad, body="")


def test_the_part_size_grows_with_the_store_within_its_bounds(
    store_path: Path, small_parts: None
) -> None:
    store = Store.open(store_path)
    assert store.part_size() == 6  # PART_MIN: an empty store
    store.import_stream([_prepared(1, 9)], source="f.tsv")
    assert store.part_size() == 8  # as many as the store holds
    store.import_stream([_prepared(9, 15)], source="f.tsv")
    assert store.part_size() == 10  # PART_MAX


def test_another_process_lists_opens_and_finds_each_part_as_it_is_committed(
    store_path: Path, small_parts: None
) -> None:
    store = Store.open(store_path)
    other = Store.open(store_path)  # the app, in another process: it only refreshes
    seen: list[int] = []

    def batches():
        for start in range(1, 41, 3):
            yield _prepared(start, min(start + 3, 41))
            other.refresh()
            seen.append(len(other))
            if len(other):
                newest = str(len(other))
                # Listed, opened and found by search: the whole request, not a row alone.
                assert other.summary(newest).title == make_request(int(newest)).title
                assert (
                    other.get(newest)
                    .questions[0]
                    .text.endswith(f"request {newest} about potholes?")
                )
                assert int(newest) in (other.search_ids("potholes") or set())

    result = store.import_stream(batches(), source="f.tsv", parts=True)
    assert result.imported == [str(n) for n in range(1, 41)]
    # Parts of PART_MIN (6) while the store is small, then as many as it holds, then
    # PART_MAX (10), each made of whole batches (3); what is left commits at the end.
    assert sorted(set(seen)) == [0, 6, 12, 24, 36]
    notes = [c.note for c in Store.open(store_path).history() if c.action == "import"]
    assert notes == [
        "imported 6 from f.tsv (ids 1-6), the import going on",
        "imported 6 from f.tsv (ids 7-12), the import going on",
        "imported 12 from f.tsv (ids 13-24), the import going on",
        "imported 12 from f.tsv (ids 25-36), the import going on",
        "imported 4 from f.tsv (ids 37-40)",
    ]
    reopened = Store.open(store_path)
    assert reopened.ids() == [str(n) for n in range(1, 41)]
    assert reopened.search_ids("potholes") == set(range(1, 41))
    # Every fingerprint was kept: the same records again are all duplicates.
    again = reopened.import_stream([_prepared(1, 41)], source="f.tsv", parts=True)
    assert again.imported == [] and again.duplicates == 40


def test_a_killed_import_keeps_its_parts_and_the_same_file_carries_on(
    store_path: Path, small_parts: None
) -> None:
    store = Store.open(store_path)

    def batches():
        yield from (_prepared(start, start + 3) for start in range(1, 16, 3))
        raise KeyboardInterrupt  # the process killed half-way through a part

    with pytest.raises(KeyboardInterrupt):
        store.import_stream(batches(), source="f.tsv", parts=True)
    reopened = Store.open(store_path)
    assert reopened.ids() == [str(n) for n in range(1, 13)]  # parts of 6 and 6
    assert [reopened.get(str(n)).title for n in (1, 12)] == [
        make_request(1).title,
        make_request(12).title,
    ]
    result = reopened.import_stream([_prepared(1, 41)], source="f.tsv", parts=True)
    assert result.duplicates == 12
    assert result.imported == [str(n) for n in range(13, 41)]
    final = Store.open(store_path)
    assert final.ids() == [str(n) for n in range(1, 41)]
    assert final.get("13").title == make_request(13).title  # its shard, rewritten whole


def test_a_bad_record_at_the_end_of_a_big_file_imports_nothing(
    tmp_path: Path, small_parts: None
) -> None:
    # CONTRACT.md `foitui import`: a file with errors imports nothing unless --skip-bad.
    # The first pass finds the record before a part is written.
    corpus = _corpus(tmp_path / "c.tsv", 40, bad=40)
    store = Store.open(tmp_path / "s")
    imported, _, errors = load_corpus(store, [corpus], fmt="tsv", skip_bad=False)
    assert (imported, errors) == (
        0,
        [f"{corpus}:41: RECEIVED '2024-02-30' is not a date (use YYYY-MM-DD)"],
    )
    assert len(Store.open(tmp_path / "s")) == 0
    assert not list((tmp_path / "s").glob("corpus/*.json"))  # nothing written at all
    imported, _, errors = load_corpus(store, [corpus], fmt="tsv", skip_bad=True)
    assert imported == 39 and len(errors) == 1
    assert len(Store.open(tmp_path / "s")) == 39


def test_a_record_with_only_markup_is_refused_by_the_first_pass(
    tmp_path: Path, small_parts: None
) -> None:
    lines = _corpus(tmp_path / "c.tsv", 30).read_text("utf-8").splitlines()
    lines[25] = "FOI 25\t2024-03-01\t<p>&nbsp;<br></p><!-- none -->\t<p>1) 25.</p>"
    corpus = tmp_path / "c.tsv"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = Store.open(tmp_path / "s")
    imported, _, errors = load_corpus(store, [corpus], fmt="tsv", skip_bad=False)
    assert imported == 0
    assert errors == [f"{corpus}:26: the REQUEST cell has no text (only markup)"]
    assert not list((tmp_path / "s").glob("corpus/*.json"))


def test_a_parser_fault_after_a_part_stops_the_import_and_says_what_was_imported(
    tmp_path: Path, small_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the parser itself can fail a record the first pass let through: a fault of
    # foitui's. The parts before it stay, and the message says how to carry on.
    import foitui.parsing

    parse = foitui.parsing.parse_pair

    def faulty(request: str, response: str):
        if "ward 30?" in request:
            raise AssertionError("a parser bug")
        return parse(request, response)

    monkeypatch.setattr(foitui.parsing, "parse_pair", faulty)  # the workers are forked
    corpus = _corpus(tmp_path / "c.tsv", 40)
    store = Store.open(tmp_path / "s")
    with pytest.raises(ImportStopped) as stopped:
        load_corpus(store, [corpus], fmt="tsv", skip_bad=False)
    imported = stopped.value.imported
    assert 6 <= len(imported) < 30 and imported == [str(n) for n in range(1, len(imported) + 1)]
    assert stopped.value.errors == [
        f"{corpus}:31: foitui could not parse this record (AssertionError: a parser bug); "
        "please report it"
    ]
    assert str(stopped.value) == (
        f"the import stopped at the error above; the {len(imported)} requests before it were "
        f"imported (ids 1-{len(imported)}). Fix the record and import the file again: the "
        "requests already imported are skipped as duplicates"
    )
    assert Store.open(tmp_path / "s").ids() == imported


def test_the_command_line_says_what_a_stopped_import_imported(
    tmp_path: Path,
    small_parts: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import foitui.parsing
    from foitui.cli import main

    parse = foitui.parsing.parse_pair
    monkeypatch.setattr(
        foitui.parsing,
        "parse_pair",
        lambda q, a: (
            (_ for _ in ()).throw(AssertionError("bug")) if "ward 30?" in q else parse(q, a)
        ),
    )
    corpus = _corpus(tmp_path / "c.tsv", 40)
    assert main(["import", str(corpus), "--store", str(tmp_path / "s")]) == 1
    out, err = capsys.readouterr()
    count = len(Store.open(tmp_path / "s"))
    assert out == f"imported {count}, skipped 0 duplicates, 1 errors\n"
    assert "foitui could not parse this record" in err
    assert f"the {count} requests before it were imported (ids 1-{count})" in err
    assert "nothing imported" not in err


def test_a_restore_during_a_big_import_stops_it_and_names_the_parts_kept(
    store_path: Path, small_parts: None
) -> None:
    store = Store.open(store_path)

    def batches():
        yield from (_prepared(start, start + 3) for start in range(1, 10, 3))
        os.utime(store_path / "index.json", ns=(0, 0))  # as a restore replaces it
        yield _prepared(10, 13)

    with pytest.raises(StoreBusyError, match=r"the import stopped after 6 requests \(ids 1-6\)"):
        store.import_stream(batches(), source="f.tsv", parts=True)


def test_search_behind_the_store_waits_for_a_running_import_instead_of_catching_up(
    store_path: Path, small_parts: None
) -> None:
    # The import adds each part's texts itself, holding the search index's write lock while
    # it does: a search that tried to catch up meanwhile waited 5 s for that lock, and then
    # scanned every text. It answers from what is indexed until the import is done.
    store = Store.open(store_path)
    store.import_stream([_prepared(1, 9)], source="f.tsv")
    search.SearchIndex(store_path / "search.sqlite").remove([7, 8])  # behind, as mid-part
    importer = Store.open(store_path)
    with importer._importing():
        other = Store.open(store_path)
        assert other.search_ids("potholes") == set(range(1, 7))
        assert other.search_ids("potholes") == set(range(1, 7))  # and asks again next time
    assert other.search_ids("potholes") == set(range(1, 9))  # caught up once it is done


def test_a_full_disk_after_a_part_names_the_parts_kept(
    store_path: Path, small_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from foitui.errors import StoreWriteError
    from foitui.store import files as store_files

    store = Store.open(store_path)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def batches():
        yield from (_prepared(start, start + 3) for start in range(1, 7, 3))
        monkeypatch.setattr(store_files.tempfile, "mkstemp", full)  # after the first part
        yield from (_prepared(start, start + 3) for start in range(7, 16, 3))

    with pytest.raises(StoreWriteError) as raised:
        store.import_stream(batches(), source="f.tsv", parts=True)
    message = str(raised.value)
    assert message.endswith(
        "the disk is full; the import stopped after 6 requests (ids 1-6): free some space "
        "and import the file again to carry on"
    )
    assert "nothing was changed" not in message
    monkeypatch.undo()
    assert Store.open(store_path).ids() == [str(n) for n in range(1, 7)]


def test_a_big_import_leaves_its_search_index_merged(
    store_path: Path, small_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each part's texts are added in a transaction of its own; a merge of the whole index
    # there would hold every page of it in memory. The import merges it once it is done,
    # a step at a time: searching tests ids against one segment instead of a dozen.
    import sqlite3

    monkeypatch.setattr(search, "OPTIMIZE_AT", 10)
    store = Store.open(store_path)
    store.import_stream((_prepared(s, s + 3) for s in range(1, 41, 3)), source="f", parts=True)
    conn = sqlite3.connect(store_path / "search.sqlite")
    stats = "SELECT count(*), sum(length(block)) FROM s_data"
    merged = conn.execute(stats).fetchone()
    conn.execute("INSERT INTO s(s) VALUES ('optimize')")
    assert conn.execute(stats).fetchone() == merged  # nothing left to merge
    assert Store.open(store_path).search_ids("potholes") == set(range(1, 43))


def test_the_app_merges_a_search_index_an_earlier_foitui_left_in_segments(
    store_path: Path,
) -> None:
    # Imports did not merge the search index before: the app merges it in its worker
    # (Store.prepare_search) and answers the same.
    import sqlite3

    store = Store.open(store_path)
    for start in range(1, 60, 10):  # an index of several segments, as earlier imports left
        store.import_stream([_prepared(start, start + 10)], source="f.tsv")
    stats = "SELECT count(*), sum(length(block)) FROM s_data"
    conn = sqlite3.connect(store_path / "search.sqlite")
    segmented = conn.execute(stats).fetchone()
    reopened = Store.open(store_path)
    reopened.prepare_search()
    merged = conn.execute(stats).fetchone()
    assert merged != segmented
    conn.execute("INSERT INTO s(s) VALUES ('optimize')")
    assert conn.execute(stats).fetchone() == merged  # nothing was left to merge
    assert reopened.search_ids("potholes") == set(range(1, 61))
