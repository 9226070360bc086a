"""Full-text search through the store: the index is derived, so it is always in step or rebuilt."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from foitui.store import Store, search
from foitui.store.fulltext import FullText
from tests.conftest import make_request


def _requests() -> list:
    return [
        make_request(1, title="Gritting the ring road", ref="FOI 11726"),
        make_request(2, title="Fly-tipping in Wigan", text="How many fly-tipping reports?"),
        make_request(3, title="Parking permits issued"),
    ]


def test_words_match_as_prefixes_in_any_field(make_store) -> None:
    store = make_store(_requests())
    assert store.search("gritt") == {"1"}
    assert store.search("PARK perm") == {"3"}
    assert store.search("11726") == {"1"}
    assert store.search("fly-tip") == {"2"}
    assert store.search("wigan reports") == {"2"}
    assert store.search("gritting parking") == set()
    assert store.search("   ") == {"1", "2", "3"}


def test_the_index_is_made_at_import_and_kept_private(make_store, store_path: Path) -> None:
    make_store(_requests())
    index = store_path / "search.sqlite"
    assert index.exists()
    assert stat.S_IMODE(index.stat().st_mode) == 0o600


def test_a_lost_index_is_rebuilt_from_the_corpus(make_store, store_path: Path) -> None:
    make_store(_requests())
    (store_path / "search.sqlite").unlink()
    assert Store.open(store_path).search("permits") == {"3"}
    assert (store_path / "search.sqlite").exists()


def test_a_damaged_index_is_rebuilt(make_store, store_path: Path) -> None:
    make_store(_requests())
    (store_path / "search.sqlite").write_bytes(b"this is not a database" * 100)
    assert Store.open(store_path).search("gritting") == {"1"}


def _import_missed_by_the_index(make_store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Request 2 imported, as by a process that died after writing the store's files and
    before the search index."""
    store = make_store(_requests()[:1])
    monkeypatch.setattr(FullText, "added", lambda self, items, before, keep=None: None)
    store.import_requests([make_request(9, title="Allotment waiting lists")], ["late"])
    monkeypatch.undo()


def test_an_index_left_behind_by_a_killed_import_catches_up(
    make_store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import_missed_by_the_index(make_store, monkeypatch)
    assert Store.open(store_path).search("allotment") == {"2"}


def test_a_session_behind_another_import_leaves_its_requests_findable(
    make_store, store_path: Path
) -> None:
    """A session whose first search comes after another process's import, before it has
    re-read the store, must not take that import's requests out of the shared index."""
    make_store(_requests())
    behind = Store.open(store_path)  # loaded now; searches only after the import below
    importer = Store.open(store_path)
    importer.import_requests([make_request(9, title="Allotment waiting lists")], ["late"])
    assert behind.search("gritting") == {"1"}
    assert importer.search("allotment") == {"4"}
    assert Store.open(store_path).search("allotment") == {"4"}
    behind.refresh()
    assert behind.search("allotment") == {"4"}


def test_a_session_catches_up_an_import_that_left_the_index_behind(
    make_store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process imported without indexing (killed, or its index was behind): a
    session that was already searching finds those requests once it has re-read the store."""
    session = make_store(_requests())
    assert session.search("allotment") == set()
    other = Store.open(store_path)
    monkeypatch.setattr(FullText, "added", lambda self, items, before, keep=None: None)
    other.import_requests([make_request(9, title="Allotment waiting lists")], ["late"])
    monkeypatch.undo()
    session.refresh()
    assert session.search("allotment") == {"4"}


def test_a_read_only_session_scans_once_the_index_falls_behind(
    make_store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_store(_requests())
    readonly = Store(store_path, readonly=True)
    readonly._load_all()
    assert readonly.search("gritting") == {"1"}
    monkeypatch.setattr(FullText, "added", lambda self, items, before, keep=None: None)
    Store.open(store_path).import_requests([make_request(9, title="Allotment lists")], ["late"])
    monkeypatch.undo()
    readonly.refresh()
    assert readonly.search("allotment") == {"4"}
    assert readonly.search("gritting") == {"1"}


def test_an_edited_title_is_found_by_its_new_words(make_store, store_path: Path) -> None:
    store = make_store(_requests())
    store.set_field("3", "title", "Residents' parking zones")
    assert store.search("zones") == {"3"}
    assert store.search("permits") == set()
    assert Store.open(store_path).search("zones") == {"3"}


def test_a_read_only_store_with_a_stale_index_scans_instead(
    make_store, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import_missed_by_the_index(make_store, monkeypatch)
    readonly = Store(store_path, readonly=True)
    readonly._load_all()
    assert readonly.search("allotment") == {"2"}
    assert readonly.search("gritting") == {"1"}


def test_without_fts5_search_scans_the_texts(make_store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "_fts5", False)
    store = make_store(_requests())
    assert store.search("gritting") == {"1"}
    assert store.search("fly-tipping") == {"2"}


def test_restoring_a_backup_rebuilds_the_search_index(make_store, store_path: Path) -> None:
    """Search agrees with the restored store: restore now repairs only the damaged index and
    keeps the title edited after the backup (it used to roll it back), so that title is what
    search finds; and a store whose search index is gone rebuilds it."""
    from foitui.store.backup import make_backup, restore_latest

    store = make_store(_requests())
    make_backup(store_path)
    store.set_field("3", "title", "Residents' parking zones")
    assert store.search("zones") == {"3"}
    (store_path / "index.json").write_text("garbage")
    restore_latest(store_path)
    assert not (store_path / "search.sqlite").exists()
    restored = Store.open(store_path)
    assert restored.search("zones") == {"3"}
