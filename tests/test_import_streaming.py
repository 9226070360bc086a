"""A big import is streamed (issue 18): memory holds a few batches of records, not the file,
and a bad record found half-way still imports nothing."""

from __future__ import annotations

import gc
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from foitui import importing
from foitui.errors import StoreBusyError
from foitui.importing import _worker_start, load_corpus
from foitui.store import Store, layout
from tests.conftest import make_request, shrink_import

#: A response of ~3 KB, about what a real one holds: each request the import kept whole
#: (its parsed text, JSON and search text) cost several times that.
_BODY = "<p>" + " ".join(f"pothole{i} repaired" for i in range(200)) + "</p>"


def tsv_corpus(path: Path, count: int, *, bad: int | None = None, body: str = _BODY) -> Path:
    """A TSV of `count` records, record `bad` with a date that is not one, each response
    ending in `body`."""
    lines = ["REF\tRECEIVED\tREQUEST\tRESPONSE"]
    for n in range(1, count + 1):
        received = "2024-02-30" if n == bad else "2024-03-01"  # Feb 30th: not a date
        lines.append(
            f"FOI {n}\t{received}\t<p>1) How many potholes in ward {n}?</p>\t"
            f"<p>1) {n} potholes.</p>{body}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers, chunks and shards as at 100,000 records, at a size a test can afford."""
    shrink_import(monkeypatch, chunk=10, shard=20)


def _untraced_worker(parent: int) -> None:
    """A parse worker, forked while this process traces its memory: it does not (what it
    allocates is not this process's, and tracing made it ten times slower)."""
    tracemalloc.stop()
    _worker_start(parent)


def _import_peak(tmp_path: Path, count: int, *, traced: bool = True) -> int:
    """This process's traced peak (bytes) while importing `count` records into a new store."""
    corpus = tsv_corpus(tmp_path / f"c{count}.tsv", count)
    store = Store.open(tmp_path / f"s{count}")
    if not traced:
        return load_corpus(store, [corpus], fmt="tsv", skip_bad=False)[0]
    gc.collect()
    tracemalloc.start()
    try:
        imported, _, errors = load_corpus(store, [corpus], fmt="tsv", skip_bad=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (imported, errors) == (count, [])
    return peak


def test_an_import_keeps_about_a_kilobyte_a_request_not_the_requests(
    tmp_path: Path, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "_worker_start", _untraced_worker)
    # A file read whole is read into a buffer of the largest size allowed: 2 GB traced.
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 10_000_000)
    # Each request's parsed form was kept until the end (about 11 KB a record of the bench
    # corpus: 1.1 GB at 100,000, 11 GB at a million). Now only its index and lookup columns
    # are (what the index file is written from): the peak grows by those, and the rest is
    # a few batches whatever the file's size. Before the change this grew ~9.7 KB a record.
    _import_peak(tmp_path, 12, traced=False)  # what the first import loads and caches
    # `small` fills every stage (chunks in flight, texts queued for search, a shard's worth).
    small, big = 150, 600
    growth = (_import_peak(tmp_path, big) - _import_peak(tmp_path, small)) / (big - small)
    assert growth < 2000, f"{growth:.0f} bytes more a record"  # measured: ~650


def test_a_bad_record_found_half_way_imports_nothing(tmp_path: Path, small_batches: None) -> None:
    store = Store.open(tmp_path / "s")
    first = tsv_corpus(tmp_path / "first.tsv", 3)
    assert load_corpus(store, [first], fmt="tsv", skip_bad=False)[0] == 3
    files = sorted(p.relative_to(store.root) for p in store.root.rglob("*") if p.is_file())
    index = (store.root / "index.json").read_bytes()
    # Record 95 is parsed (and found bad) after the shards of records up to ~60 were written.
    corpus = tsv_corpus(tmp_path / "big.tsv", 100, bad=95)
    imported, _, errors = load_corpus(Store.open(store.root), [corpus], fmt="tsv", skip_bad=False)
    assert imported == 0
    assert errors == [f"{corpus}:96: RECEIVED '2024-02-30' is not a date (use YYYY-MM-DD)"]
    assert (store.root / "index.json").read_bytes() == index
    # The shards only the abandoned import made are gone (backups aside: none was needed).
    after = sorted(p.relative_to(store.root) for p in store.root.rglob("*") if p.is_file())
    assert [p for p in after if p not in files and p.parts[0] != "backups"] == []
    reopened = Store.open(store.root)
    assert reopened.ids() == ["1", "2", "3"]
    # The same file with --skip-bad: every other record, each once in its shard.
    imported, _, _ = load_corpus(reopened, [corpus], fmt="tsv", skip_bad=True)
    assert imported == 96  # 100 but the bad one and the three imported before
    shard = (store.root / "corpus" / "0000.json").read_text(encoding="utf-8")
    assert shard.count('"4":') == 1 and json.loads(shard)["records"]["4"]
    assert len(Store.open(store.root)) == 99
    assert Store.open(store.root).search("ward 50") == {str(reopened.find("FOI 50"))}


def test_edits_go_on_while_an_import_runs_and_a_second_import_waits(
    make_store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The store's lock is taken for each write of an import, not for all of it (minutes at
    # a million requests): an officer's edit meanwhile is saved, not refused as "busy".
    from foitui.store import records
    from foitui.store import store as store_module

    monkeypatch.setattr(layout, "SHARD_SIZE", 4)
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_S", 0.2)
    store = make_store([make_request(1)])
    other = Store.open(store_path)

    def batches():
        for start in range(2, 14, 3):
            yield [records.prepare(make_request(n), f"new{n}") for n in range(start, start + 3)]
            assert other.set_field("1", "title", f"Edited {start}") is not None
            with pytest.raises(StoreBusyError, match="another import"):
                other.import_requests([make_request(99)], ["other"])

    result = store.import_stream(batches(), source="f.tsv")
    assert result.imported == [str(n) for n in range(2, 14)]
    reopened = Store.open(store_path)
    assert len(reopened) == 13 and reopened.summary("1").title == "Edited 11"
    assert [c.note for c in reopened.history() if c.action == "import"][-1] == (
        "imported 12 from f.tsv (ids 2-13)"
    )


def test_an_import_stops_when_the_index_changes_under_it(
    make_store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only a restore (or an older foitui's import) changes the index while an import runs:
    # the import's ids may be taken, so it stops, and nothing is imported.
    from foitui.store import records

    monkeypatch.setattr(layout, "SHARD_SIZE", 4)
    store = make_store([make_request(1)])

    def batches():
        yield [records.prepare(make_request(n), f"new{n}") for n in range(2, 5)]
        os.utime(store_path / "index.json", ns=(0, 0))
        yield [records.prepare(make_request(n), f"new{n}") for n in range(5, 9)]

    with pytest.raises(StoreBusyError, match="changed by another process during the import"):
        store.import_stream(batches(), source="f.tsv")
    assert Store.open(store_path).ids() == ["1"]
