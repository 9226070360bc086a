"""A write that cannot complete (disk full, I/O error) leaves the store as it was."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from foitui.errors import StoreWriteError
from foitui.store import Store
from foitui.store import files as store_files
from tests.conftest import make_request


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "backups" not in p.parts
    }


@pytest.mark.parametrize("failing", ["write", "fsync"])
def test_disk_full_on_edit_changes_nothing(
    make_store, store_path: Path, monkeypatch, failing
) -> None:
    store = make_store([make_request(1)])
    store.mark("1", "1", outcome="answered")
    before = snapshot(store_path)
    real_fsync = os.fsync

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "fsync":
        # The journal append fsyncs first; let it pass so the triage write is the one that fails.
        calls = {"n": 0}

        def fsync(fd: int) -> None:
            calls["n"] += 1
            if calls["n"] > 1:
                full()
            real_fsync(fd)

        monkeypatch.setattr(store_files.os, "fsync", fsync)
    else:
        monkeypatch.setattr(store_files.os, "write", full)
    with pytest.raises(StoreWriteError, match="disk is full; nothing was changed"):
        store.mark("1", "1", outcome="not_held")
    monkeypatch.undo()
    after = snapshot(store_path)
    # The triage shard is untouched and no temp file is left behind.
    assert after["triage/0000.json"] == before["triage/0000.json"]
    assert not [name for name in after if ".tmp-" in name]
    assert Store.open(store_path).get("1").questions[0].outcome == "answered"


def test_disk_full_on_import_keeps_the_old_index(make_store, store_path: Path, monkeypatch) -> None:
    store = make_store([make_request(1)])
    before = snapshot(store_path)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_files.tempfile, "mkstemp", full)
    with pytest.raises(StoreWriteError):
        store.import_requests([make_request(2)], ["new"])
    monkeypatch.undo()
    assert snapshot(store_path)["index.json"] == before["index.json"]
    assert Store.open(store_path).ids() == ["1"]


def test_disk_full_writing_the_index_leaves_search_without_the_import(
    make_store, store_path: Path, monkeypatch
) -> None:
    # The search index is filled in a thread while the import writes the store's files, and
    # must be rolled back when the store's own commit (the index file) fails.
    from foitui.store.search import SearchIndex

    store = make_store([make_request(1)])
    assert SearchIndex(store_path).ids() == {1}
    write_index = Store._write_index

    def full(self: Store, *args: object) -> None:
        raise StoreWriteError("the disk is full; nothing was changed")

    monkeypatch.setattr(Store, "_write_index", full)
    with pytest.raises(StoreWriteError):
        store.import_requests([make_request(2, title="Zeppelin moorings")], ["new"])
    monkeypatch.setattr(Store, "_write_index", write_index)
    assert SearchIndex(store_path).ids() == {1}
    assert Store.open(store_path).search("zeppelin") == set()
    # And the same import, done again, is indexed.
    store.import_requests([make_request(2, title="Zeppelin moorings")], ["new"])
    assert SearchIndex(store_path).ids() == {1, 2}
    assert store.search("zeppelin") == {"2"}
