"""A write that cannot complete (disk full, I/O error) leaves the store as it was."""

from __future__ import annotations

import errno
import json
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


def _enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _disk_with_room_for(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    """A disk on which no file can grow past `limit` bytes: its fsync fails (ENOSPC)."""
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.fstat(fd).st_size > limit:
            _enospc()
        real_fsync(fd)

    monkeypatch.setattr(store_files.os, "fsync", fsync)


@pytest.mark.parametrize("failing", ["mkstemp", "fsync"])
def test_disk_full_on_edit_changes_nothing(
    make_store, store_path: Path, monkeypatch, failing
) -> None:
    store = make_store([make_request(1)])
    store.mark("1", "1", outcome="answered")
    before = snapshot(store_path)
    history = store.history("1")
    if failing == "fsync":
        _disk_with_room_for(monkeypatch, 0)
    else:
        monkeypatch.setattr(store_files.tempfile, "mkstemp", _enospc)
    with pytest.raises(StoreWriteError, match="disk is full; nothing was changed"):
        store.mark("1", "1", outcome="not_held")
    monkeypatch.undo()
    after = snapshot(store_path)
    # The triage shard and the journal are untouched and no temp file is left behind.
    assert after["triage/0000.json"] == before["triage/0000.json"]
    assert after["journal.jsonl"] == before["journal.jsonl"]
    assert not [name for name in after if ".tmp-" in name]
    reopened = Store.open(store_path)
    assert reopened.get("1").questions[0].outcome == "answered"
    assert reopened.history("1") == history


def test_a_note_too_big_for_the_disk_saves_nothing_and_says_so(
    make_store, store_path: Path, monkeypatch, capsys
) -> None:
    # `mark 1 1 --outcome refused --note <3 KB>` on a full disk saved the outcome, not the
    # note, and said "nothing was changed"; 9 of 12 such attempts left journal entries for
    # edits the store never saved.
    from foitui.cli import main

    store = make_store([make_request(1)])
    store.mark("1", "1", outcome="answered")
    before = snapshot(store_path)
    _disk_with_room_for(monkeypatch, len(before["triage/0000.json"]) + 1000)
    code = main(
        ["mark", "1", "1", "--outcome", "refused", "--note", "x" * 3000, "--store", str(store_path)]
    )
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert code == 1
    assert "disk is full; nothing was changed" in err
    after = snapshot(store_path)
    assert after["triage/0000.json"] == before["triage/0000.json"]
    assert after["journal.jsonl"] == before["journal.jsonl"]
    question = Store.open(store_path).get("1").questions[0]
    assert (question.outcome, question.note) == ("answered", None)


def test_disk_full_on_the_journal_keeps_the_edit_with_its_history(
    make_store, store_path: Path, monkeypatch
) -> None:
    # The shard write is the commit point and carries the journal entry in its outbox: a
    # journal append that fails afterwards loses neither, and leaves no torn line.
    store = make_store([make_request(1)])
    store.mark("1", "1", outcome="answered")
    journal = (store_path / "journal.jsonl").read_bytes()
    monkeypatch.setattr(store_files.os, "write", _enospc)
    changes = store.mark("1", "1", outcome="not_held", note="held after all? no")
    monkeypatch.undo()
    assert [c.path[-1] for c in changes] == ["outcome", "note"]
    assert (store_path / "journal.jsonl").read_bytes() == journal
    reopened = Store.open(store_path)
    question = reopened.get("1").questions[0]
    assert (question.outcome, question.note) == ("not_held", "held after all? no")
    # History shows the edit at once; opening the store (there is room again) appends it.
    history = reopened.history("1")
    assert [c.id for c in history[-2:]] == [c.id for c in changes]
    lines = (store_path / "journal.jsonl").read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines[-2:]] == [c.id for c in changes]
    # ... once: later writers and readers do not append it again.
    store.mark("1", "2", outcome="answered")
    Store.open(store_path).mark("1", "3", outcome="answered")
    ids = [json.loads(x)["id"] for x in (store_path / "journal.jsonl").read_text().splitlines()]
    assert len(ids) == len(set(ids)) == 6  # the import, and five changes


def test_set_of_several_fields_is_all_or_nothing(make_store, store_path: Path, monkeypatch) -> None:
    store = make_store([make_request(1)])
    before = snapshot(store_path)
    monkeypatch.setattr(store_files.tempfile, "mkstemp", _enospc)
    with pytest.raises(StoreWriteError, match="nothing was changed"):
        store.set_fields("1", {"title": "New title", "status": "in_progress"})
    monkeypatch.undo()
    assert snapshot(store_path) == before
    assert Store.open(store_path).summary("1").title == "Request 1 about potholes"


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
