"""The store: persistence, edits, links, history, undo, other sessions, damage and permissions."""

from __future__ import annotations

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from foitui.errors import CorruptStoreError, NotFoundError, ReadOnlyStoreError, StoreError
from foitui.models import Law, LinkKind, Outcome, Status
from foitui.store import Store
from foitui.store.backup import (
    backups,
    check_files,
    check_store,
    make_backup,
    restore_latest,
)
from foitui.store.layout import SHARD_SIZE
from tests.conftest import make_request


def test_import_assigns_ids_and_persists(make_store, store_path: Path) -> None:
    store = make_store([make_request(1, ref="FOI 1"), make_request(2, ref="FOI 2")])
    assert store.ids() == ["1", "2"]
    again = Store.open(store_path)
    assert again.ids() == ["1", "2"]
    request = again.get("2")
    assert request.ref == "FOI 2"
    assert [q.key for q in request.questions] == ["1", "2", "3"]
    assert request.source.line == 2


def test_a_later_import_into_the_same_shard_keeps_the_earlier_documents(
    make_store, store_path: Path
) -> None:
    first = make_request(1, answered=1, text='1) Naïve “quotes” \u2028 😀 and \\ " in text?')
    store = make_store([first])
    store.import_requests([make_request(2)], ["second"])
    reopened = Store.open(store_path)
    assert reopened.get("1").request_text == first.request_text
    assert reopened.get("1").questions == first.questions
    assert reopened.get("2").title == "Request 2 about potholes"


def test_import_skips_duplicates_by_fingerprint(make_store) -> None:
    store = make_store([make_request(1)])
    result = store.import_requests([make_request(1), make_request(2)], ["fp0", "new"])
    assert result.duplicates == 1
    assert result.imported == ["2"]
    assert len(store) == 2


def test_import_killed_before_the_index_is_not_a_duplicate_when_redone(
    make_store, store_path: Path
) -> None:
    """lookup.json is written before index.json: a writer killed between the two leaves a
    fingerprint there for a request the store never got. Redoing the import must add it."""
    make_store([make_request(1)])
    lookup = store_path / "lookup.json"
    data = json.loads(lookup.read_text())
    columns = data["columns"]["1"]
    columns["id"].append(2)
    columns["fp"].append("killed")
    columns["terms"].append("")
    lookup.write_text(json.dumps(data))
    store = Store.open(store_path)
    result = store.import_requests([make_request(2)], ["killed"])
    assert result.imported == ["2"]
    assert result.duplicates == 0
    assert Store.open(store_path).get("2").title == make_request(2).title


def test_the_list_rows_of_a_store_without_due_dates_in_its_index(
    make_store, store_path: Path
) -> None:
    """An index written before due dates were kept there still shows them."""
    store = make_store([make_request(1), make_request(2)])
    expected = [row.due for row in store.summaries()]
    assert all(expected)
    index = store_path / "index.json"
    data = json.loads(index.read_text())
    del data["columns"]["1"]["due"]
    index.write_text(json.dumps(data))
    assert [row.due for row in Store.open(store_path).summaries()] == expected


def test_import_spans_shards(make_store, store_path: Path) -> None:
    n = SHARD_SIZE + 5
    store = make_store([make_request(i, questions=1) for i in range(1, n + 1)])
    assert len(store) == n
    assert (store_path / "corpus" / "0001.json").exists()
    assert store.get(str(n)).title == f"Request {n} about potholes"


def test_mark_changes_outcome_and_status(make_store) -> None:
    store = make_store([make_request(1, questions=2)])
    assert store.summary("1").status == Status.NEW
    store.mark("1", "1", outcome=Outcome.ANSWERED, note="sent the table")
    assert store.summary("1").status == Status.IN_PROGRESS
    store.mark("1", "2", outcome=Outcome.REFUSED, exemptions=["s12"])
    request = store.get("1")
    assert request.questions[0].outcome == Outcome.ANSWERED
    assert request.questions[0].note == "sent the table"
    assert request.questions[1].exemptions == ["s12"]
    assert request.status == Status.PARTIALLY_SUCCESSFUL
    assert store.summary("1").decided == 2


def test_mark_unknown_question_names_the_keys(make_store) -> None:
    store = make_store([make_request(1, questions=2)])
    with pytest.raises(NotFoundError, match="questions: 1, 2"):
        store.mark("1", "9", outcome="answered")


def test_manual_status_wins_and_can_be_cleared(make_store) -> None:
    store = make_store([make_request(1)])
    store.set_status("1", Status.WITHDRAWN)
    assert store.summary("1").status == Status.WITHDRAWN
    store.set_status("1", None)
    assert store.summary("1").status == Status.NEW


def test_set_field_validates(make_store) -> None:
    store = make_store([make_request(1)])
    with pytest.raises(ValueError):
        store.set_field("1", "received", "31/02/2026")
    with pytest.raises(StoreError):
        store.set_field("1", "fingerprint", "x")
    store.set_field("1", "received", "2026-11-20")
    assert str(store.summary("1").received) == "2026-11-20"


def test_a_reference_names_one_request(make_store) -> None:
    # Another request's reference, in any spelling, is refused: "show FOI 11726", links and
    # cited references would otherwise quietly reach only one of the two.
    store = make_store([make_request(1, ref="FOI 1"), make_request(2, ref="FOI 11726")])
    with pytest.raises(StoreError, match="already the reference of request 2"):
        store.set_field("1", "ref", "FOI-11726")
    assert store.summary("1").ref == "FOI 1"
    store.set_field("2", "ref", "FOI 11726")  # its own: no change, no error
    store.set_field("1", "ref", "FOI 11727")
    assert store.find("FOI 11727") == "1"


def test_a_response_date_cannot_come_before_receipt(make_store) -> None:
    # Every path that records dates goes through set_field (the app's clock screen too), so
    # the rule holds there, not only in `foitui set`.
    store = make_store([make_request(1)])
    store.set_field("1", "received", "2026-10-01")
    with pytest.raises(StoreError, match="responded 2020-10-20 is before received 2026-10-01"):
        store.set_field("1", "responded", "2020-10-20")
    store.set_field("1", "responded", "2026-10-20")
    with pytest.raises(StoreError, match="responded 2026-10-20 is before received 2026-10-21"):
        store.set_field("1", "received", "2026-10-21")
    assert store.summary("1").received == date(2026, 10, 1)
    assert store.summary("1").responded == date(2026, 10, 20)


def test_a_received_date_whose_deadline_is_past_the_calendar_is_refused(make_store) -> None:
    # Stored, it made every list of the store fail (the due date cannot be worked out); the
    # app's edit form writes through set_field as `foitui set` does.
    store = make_store([make_request(1)])
    with pytest.raises(StoreError, match="outside the calendar"):
        store.set_field("1", "received", "9999-12-30")
    assert store.summaries()[0].received != date(9999, 12, 30)


def test_the_law_cannot_change_under_an_extension_of_the_old_law(make_store) -> None:
    # The app's edit form changes the law through set_field, as `foitui set --law` does.
    store = make_store([make_request(1, law=Law.EIR)])
    store.set_extension("1", 20, "eir")
    due = store.summary("1").due
    with pytest.raises(StoreError, match="20-day extension under eir; remove it first"):
        store.set_field("1", "law", "foisa")
    assert (store.summary("1").law, store.summary("1").due) == (Law.EIR, due)


def test_find_by_id_and_reference_any_spelling(make_store) -> None:
    store = make_store([make_request(1, ref="FOI/2023/0456"), make_request(2, ref="IR-88812")])
    assert store.find("1") == "1"
    assert store.find("foi 2023/456") == "1"
    assert store.find("FOI-2023-0456") == "1"
    assert store.find("ir 88812") == "2"
    assert store.find("88812") == "2"
    assert store.find("FOI 99") is None
    with pytest.raises(NotFoundError):
        store.resolve("nope")


def test_external_link_resolves_when_the_case_arrives(make_store) -> None:
    store = make_store([make_request(1, refs=("FOI 11726",))])
    link = store.link("1", "FOI 11726", kind=LinkKind.PRIOR)
    assert link.external
    assert store.get("1").links[0].external
    assert store.get("1").references[0].resolved is None
    store.import_requests([make_request(2, ref="FOI 11726")], ["later"])
    request = store.get("1")
    assert request.links[0].target == "2"
    assert not request.links[0].external
    assert request.references[0].resolved == "2"
    inbound = store.get("2").links
    assert [(lk.target, lk.kind, lk.inbound) for lk in inbound] == [("1", LinkKind.PRIOR, True)]


def test_a_bare_number_that_is_no_store_id_links_an_external_case(make_store) -> None:
    # "999" names no request here: an external case (a reference written as a bare number),
    # resolved once a request with that reference arrives, as for "FOI 11726" above.
    store = make_store([make_request(1)])
    assert store.link("1", "999").external
    assert [(lk.target, lk.external) for lk in store.get("1").links] == [("999", True)]
    store.import_requests([make_request(2, ref="999")], ["later"])
    assert [(lk.target, lk.external) for lk in store.get("1").links] == [("2", False)]


def test_link_shows_on_both_sides_and_unlinks(make_store) -> None:
    store = make_store([make_request(1), make_request(2, ref="FOI 2")])
    store.link("1", "2", kind="duplicate", note="same person")
    assert store.summary("2").links == 1
    assert store.get("1").links[0].note == "same person"
    store.unlink("1", "FOI 2")
    assert store.get("1").links == []
    assert store.get("2").links == []
    with pytest.raises(NotFoundError):
        store.unlink("1", "2")


def test_cannot_link_to_itself(make_store) -> None:
    store = make_store([make_request(1, ref="FOI 1")])
    with pytest.raises(StoreError):
        store.link("1", "FOI 1")


def test_history_records_user_time_old_and_new(make_store) -> None:
    store = make_store([make_request(1)])
    store.mark("1", "1", outcome="answered")
    store.mark("1", "1", outcome="not_held")
    changes = store.history("1")
    # The first mark replaces no hand-set value: its old value is None (the parsed outcome stays).
    assert [(c.old, c.new) for c in changes] == [(None, "answered"), ("answered", "not_held")]
    assert all(c.user and c.at for c in changes)
    assert store.history()[0].action == "import"


def test_undo_puts_back_the_old_value_and_is_journalled(make_store) -> None:
    store = make_store([make_request(1)])
    (change,) = store.mark("1", "1", outcome="refused", exemptions=None)
    store.undo(change)
    assert store.get("1").questions[0].outcome == Outcome.PENDING
    assert store.history("1")[-1].action == "undo"


def test_undo_never_overwrites_what_another_user_changed_since(
    make_store, store_path: Path
) -> None:
    mine = make_store([make_request(1)])
    (change,) = mine.mark("1", "2", outcome="not_held")
    theirs = Store.open(store_path)  # another officer, another process
    theirs.mark("1", "2", outcome="answered")
    with pytest.raises(StoreError, match="changed again since"):
        mine.undo(change)
    assert Store.open(store_path).get("1").questions[1].outcome == Outcome.ANSWERED
    assert mine.history("1")[-1].action == "mark outcome"  # nothing journalled for the refusal


def test_a_note_written_meanwhile_by_another_user_is_not_overwritten(
    make_store, store_path: Path
) -> None:
    mine = make_store([make_request(1)])
    theirs = Store.open(store_path)  # another officer, another process
    theirs.mark("1", "1", note="asked Highways 3 Mar")
    # I opened the note (empty then) before their note arrived, and save mine.
    with pytest.raises(StoreError, match="asked Highways 3 Mar"):
        mine.mark("1", "1", note="my note", seen={"note": None})
    assert Store.open(store_path).get("1").questions[0].note == "asked Highways 3 Mar"
    # What the user saw is still there: the edit goes ahead.
    mine.mark("1", "1", note="my note", seen={"note": "asked Highways 3 Mar"})
    assert Store.open(store_path).get("1").questions[0].note == "my note"


def test_exemptions_chosen_meanwhile_by_another_user_are_not_overwritten(
    make_store, store_path: Path
) -> None:
    mine = make_store([make_request(1)])
    parsed = mine.get("1").questions[0].exemptions
    theirs = Store.open(store_path)
    theirs.mark("1", "1", exemptions=["s40(2)"])
    with pytest.raises(StoreError, match="changed"):
        mine.mark("1", "1", exemptions=["s43(2)"], seen={"exemptions": parsed})
    assert Store.open(store_path).get("1").questions[0].exemptions == ["s40(2)"]
    # Unchanged since it was seen (the parsed exemptions, nothing marked by hand): saved.
    seen = mine.get("1").questions[1].exemptions
    mine.mark("1", "2", exemptions=["s21"], seen={"exemptions": seen})
    assert Store.open(store_path).get("1").questions[1].exemptions == ["s21"]


def test_unchanged_value_writes_nothing(make_store) -> None:
    store = make_store([make_request(1)])
    store.mark("1", "1", outcome="answered")
    assert store.mark("1", "1", outcome="answered") == []
    assert len(store.history("1")) == 1


def test_other_session_changes_are_seen_on_refresh(make_store, store_path: Path) -> None:
    mine = make_store([make_request(1), make_request(2)])
    theirs = Store.open(store_path)
    theirs.mark("1", "2", outcome="answered")
    theirs.link("2", "1")
    assert mine.get("1").questions[1].outcome == Outcome.PENDING
    changed = mine.refresh()
    assert changed == {"1", "2"}
    assert mine.get("1").questions[1].outcome == Outcome.ANSWERED
    assert mine.summary("1").links == 1
    # Both sessions edit: each write re-reads first, so neither loses the other's edit.
    mine.mark("1", "3", outcome="not_held")
    theirs.mark("1", "1", outcome="refused")
    final = Store.open(store_path).get("1")
    assert [q.outcome for q in final.questions] == ["refused", "answered", "not_held"]


def test_a_link_made_in_another_session_is_seen_on_the_request_it_links_to(
    make_store, store_path: Path
) -> None:
    mine = make_store([make_request(1), make_request(2)])
    mine.summaries()
    theirs = Store.open(store_path)
    theirs.link("2", "1")
    # Request 1 shows the link too (inbound): screens showing it must be told it changed.
    assert mine.refresh() == {"1", "2"}
    assert [link.target for link in mine.get("1").links] == ["2"]
    assert mine.summary("1").links == 1


def test_corrupt_file_is_named_and_not_overwritten(make_store, store_path: Path) -> None:
    make_store([make_request(1)])
    index = store_path / "index.json"
    index.write_text('{"meta": {"1": {"schema": 1', encoding="utf-8")
    before = index.read_bytes()
    with pytest.raises(CorruptStoreError, match=r"index\.json"):
        Store.open(store_path)
    assert index.read_bytes() == before


def test_corrupt_triage_shard_is_named(make_store, store_path: Path) -> None:
    store = make_store([make_request(1)])
    store.mark("1", "1", outcome="answered")
    (store_path / "triage" / "0000.json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(CorruptStoreError, match=r"0000\.json"):
        Store.open(store_path)


def test_newer_schema_is_refused(make_store, store_path: Path) -> None:
    make_store([make_request(1)])
    index = store_path / "index.json"
    data = json.loads(index.read_text())
    data["meta"]["1"]["schema"] = 99
    index.write_text(json.dumps(data))
    with pytest.raises(StoreError, match="newer"):
        Store.open(store_path)


def test_foreign_json_is_refused(store_path: Path) -> None:
    store_path.mkdir()
    (store_path / "index.json").write_text('{"_default": {}}')
    with pytest.raises(CorruptStoreError, match="not a foitui store"):
        Store.open(store_path)


def test_permissions_are_private(make_store, store_path: Path) -> None:
    store = make_store([make_request(1)])
    store.mark("1", "1", outcome="answered")
    assert stat.S_IMODE(store_path.stat().st_mode) == 0o700
    for path in store_path.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
    assert check_store(store_path) == []


def test_stray_temp_files_are_cleaned_on_open(make_store, store_path: Path) -> None:
    make_store([make_request(1)])
    stray = store_path / ".index.json.tmp-abc123"
    stray.write_text("half")
    Store.open(store_path)
    assert not stray.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only directories")
def test_read_only_store_opens_and_refuses_edits(make_store, store_path: Path) -> None:
    make_store([make_request(1)])
    store_path.chmod(0o500)
    try:
        store = Store.open(store_path)
        assert store.readonly
        assert store.get("1").title
        with pytest.raises(ReadOnlyStoreError):
            store.mark("1", "1", outcome="answered")
    finally:
        store_path.chmod(0o700)


def test_read_only_flag_refuses_edits(make_store, store_path: Path) -> None:
    make_store([make_request(1)])
    store = Store(store_path, readonly=True)
    store._load_all()
    with pytest.raises(ReadOnlyStoreError, match="read-only"):
        store.mark("1", "1", outcome="answered")


def test_backup_and_restore(make_store, store_path: Path) -> None:
    store = make_store([make_request(1)])
    store.mark("1", "1", outcome="answered")
    make_backup(store_path)
    assert len(backups(store_path)) == 2  # the import's own, and this one
    (store_path / "index.json").write_text("garbage")
    assert check_store(store_path)
    done = restore_latest(store_path)
    restored = Store.open(store_path)
    assert restored.get("1").questions[0].outcome == Outcome.ANSWERED
    assert done.backup == backups(store_path)[0].name
    assert done.kept is not None and done.kept.parent == store_path / "damaged"
    assert (done.kept / "index.json").read_text() == "garbage"


def test_a_restore_never_takes_an_import_back_out(make_store, store_path: Path) -> None:
    # Each import leaves a backup with it in: damage found right after a second import brings
    # back the store with both imports, not the one from before the second.
    store = make_store([make_request(1)])
    store.import_requests([make_request(2, ref="FOI 2")], ["second"])
    (store_path / "index.json").write_text("garbage")
    restore_latest(store_path)
    assert sorted(Store.open(store_path).ids()) == ["1", "2"]


def test_backups_rotate(make_store, store_path: Path) -> None:
    make_store([make_request(1)])
    for _ in range(8):
        make_backup(store_path)
    assert len(backups(store_path)) == 5


def test_restore_without_backup_says_so(store_path: Path) -> None:
    store_path.mkdir()
    with pytest.raises(StoreError, match="no good backup"):
        restore_latest(store_path)


def test_torn_journal_line_is_ignored_and_repaired(make_store, store_path: Path) -> None:
    store = make_store([make_request(1)])
    with (store_path / "journal.jsonl").open("a") as handle:
        handle.write('{"id": "torn", "request": "1", "act')
    store.mark("1", "1", outcome="answered")
    changes = store.history("1")
    assert [c.new for c in changes] == ["answered"]


def test_permissions_stay_private_after_restore(make_store, store_path: Path) -> None:
    store = make_store([make_request(1)])
    store.mark("1", "1", outcome="answered")
    make_backup(store_path)
    (store_path / "triage" / "0000.json").write_text("{", encoding="utf-8")
    restore_latest(store_path)
    for path in [store_path, *store_path.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
    assert Store.open(store_path).get("1").questions[0].outcome == Outcome.ANSWERED


def test_list_rows_from_the_columns_match_the_general_path(tmp_path: Path) -> None:
    """The list's rows are made a column at a time; each must equal the row worked out
    one request at a time (records.summary), for every request of the sample corpus."""
    from foitui.importing import load_corpus
    from foitui.store import records
    from tests.conftest import SAMPLE

    store = Store.open(tmp_path / "s")
    load_corpus(store, [SAMPLE], fmt="auto", skip_bad=False)
    store.mark("3", "1", outcome="refused", exemptions=["s40(2)"])
    store.link("5", "FOI 11726", kind="prior")
    fast = Store.open(tmp_path / "s").summaries()
    slow = [
        records.summary(
            int(row.id),
            store.index_row(row.id),
            store.triage_doc(row.id),
            len(store._backlinks.get(int(row.id), ())),
        )
        for row in fast
    ]
    assert fast == slow
    assert len(fast) == 40


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        'quotes " and \\ backslash / slash',
        "controls \x00\x01\x1f\x7f\t\n\r",
        "separators \u2028\u2029, BOM \ufeff, é, 😀, \ufffd",
    ],
)
def test_prepared_corpus_document_is_json_of_the_stored_fields(text: str) -> None:
    # prepare() encodes with pydantic's encoder for speed; what it writes must be what the
    # store reads back through json: the JSON of model_dump(mode="json") of the same fields.
    from foitui.store.records import CORPUS_FIELDS, prepare

    request = make_request(1, answered=2, refs=("FOI 11726",), text=f"1) {text}?")
    request.questions[0].note = text
    prepared = prepare(request, "fp")
    expected = request.model_dump(mode="json", include=CORPUS_FIELDS)
    assert json.loads(prepared.doc) == expected
    assert prepared.doc == json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode()


# --- backups that are backups (issue 15) ---------------------------------------------------------


def test_a_backup_survives_damage_done_to_the_live_files_in_place(
    make_store, store_path: Path
) -> None:
    # Corpus shards were hard-linked into backups: `truncate corpus/0000.json` damaged every
    # backup too, and restore answered "no good backup".
    make_store([make_request(1)])
    make_backup(store_path)
    shard = store_path / "corpus" / "0000.json"
    os.truncate(shard, 10)
    problems = check_store(store_path)
    assert len(problems) == 1 and "corpus/0000.json is unreadable" in problems[0]
    assert "missing" not in problems[0]
    for backup in backups(store_path):
        assert check_store(backup) == [], backup
    done = restore_latest(store_path)
    assert done.restored == ["corpus/0000.json"]
    assert Store.open(store_path).get("1").request_text


def test_a_backup_is_checked_by_checksum(make_store, store_path: Path) -> None:
    make_store([make_request(1)])
    backup = make_backup(store_path)
    assert backup is not None and (backup / "MANIFEST.json").exists()
    shard = backup / "corpus" / "0000.json"
    damaged = shard.read_bytes().replace(b"potholes", b"potholez", 1)
    shard.write_bytes(damaged)  # still valid JSON: only the checksum can tell
    assert check_files(backup) == [f"{shard} does not match its checksum: damaged since the backup"]
    # Unchanged corpus shards are shared between backups, never with the live store.
    later = make_backup(store_path)
    assert later is not None
    live = store_path / "corpus" / "0000.json"
    assert os.stat(later / "corpus" / "0000.json").st_ino != os.stat(live).st_ino


def test_restore_keeps_the_edits_made_since_the_backup(make_store, store_path: Path) -> None:
    # With only index.json emptied, restore rolled the good triage files and journal back to
    # the last backup too, losing every edit made since.
    store = make_store([make_request(1)])
    make_backup(store_path)
    store.mark("1", "1", outcome="refused", note="made after the backup")
    triage = (store_path / "triage" / "0000.json").read_bytes()
    journal = (store_path / "journal.jsonl").read_bytes()
    (store_path / "index.json").write_text("")
    done = restore_latest(store_path)
    assert (done.restored, done.rebuilt, done.lost) == (["index.json"], {}, [])
    assert (store_path / "triage" / "0000.json").read_bytes() == triage
    assert (store_path / "journal.jsonl").read_bytes() == journal
    assert Store.open(store_path).get("1").questions[0].note == "made after the backup"


def test_restore_rebuilds_a_damaged_triage_shard_from_the_journal(
    make_store, store_path: Path
) -> None:
    store = make_store([make_request(1), make_request(2)])
    store.mark("1", "1", outcome="answered")
    make_backup(store_path)
    store.mark("1", "2", outcome="refused", exemptions=["s40(2)"], note="after")
    store.link("2", "1", kind="prior")
    store.mark("1", "1", outcome="answered", note=None)
    (store_path / "triage" / "0000.json").write_text("{", encoding="utf-8")
    done = restore_latest(store_path)
    assert done.rebuilt == {"triage/0000.json": 4} and done.lost == []
    request = Store.open(store_path).get("1")
    assert [(q.outcome, q.exemptions, q.note) for q in request.questions[:2]] == [
        ("answered", [], None),
        ("refused", ["s40(2)"], "after"),
    ]
    assert Store.open(store_path).summary("2").links == 1


def test_restore_asks_before_losing_edits(make_store, store_path: Path) -> None:
    store = make_store([make_request(1)])
    make_backup(store_path)
    store.mark("1", "1", outcome="refused")
    (store_path / "triage" / "0000.json").write_text("{", encoding="utf-8")
    (store_path / "journal.jsonl").unlink()
    before = {p: p.read_bytes() for p in store_path.rglob("*") if p.is_file()}
    with pytest.raises(StoreError, match=r"would lose the edits to requests 1-1000 .* Nothing"):
        restore_latest(store_path)
    assert {p: p.read_bytes() for p in store_path.rglob("*") if p.is_file()} == before
    done = restore_latest(store_path, lose_changes=True)
    assert done.lost and Store.open(store_path).get("1").questions[0].outcome == "pending"


def test_restore_refuses_a_newer_schema_and_takes_the_lock(
    make_store, store_path: Path, monkeypatch
) -> None:
    from filelock import FileLock

    from foitui.errors import StoreBusyError
    from foitui.store import backup as backup_module

    make_store([make_request(1)])
    index = store_path / "index.json"
    data = json.loads(index.read_text())
    data["meta"]["1"]["schema"] = 99
    index.write_text(json.dumps(data))
    before = index.read_bytes()
    with pytest.raises(StoreError, match="newer than this foitui understands"):
        restore_latest(store_path)
    assert index.read_bytes() == before
    monkeypatch.setattr(backup_module, "LOCK_TIMEOUT_S", 0.05)
    with FileLock(str(store_path / ".lock")), pytest.raises(StoreBusyError):
        restore_latest(store_path)


def test_check_names_a_link_without_its_target(make_store, store_path: Path) -> None:
    # `check` said "healthy", and then `list` and `show` failed with KeyError.
    store = make_store([make_request(1), make_request(2)])
    store.link("1", "2")
    shard = store_path / "triage" / "0000.json"
    data = json.loads(shard.read_text())
    del data["triage"]["1"]["links"]["2"]["target"]
    shard.write_text(json.dumps(data))
    assert check_store(store_path) == [f"{shard}: request 1: link '2' has no target"]
    with pytest.raises(CorruptStoreError, match="link '2' has no target"):
        Store.open(store_path)


def test_half_made_backups_are_cleaned_up(make_store, store_path: Path, monkeypatch) -> None:
    import errno

    from foitui.store import backup as backup_module

    store = make_store([make_request(1)])
    stale = store_path / "backups" / ".20261206T000000000000Z.partial"
    stale.mkdir()
    (stale / "index.json").write_text("{}")
    Store.open(store_path)
    assert not stale.exists()

    def full(src: Path, dst: Path) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_module, "_copy_verified", full)
    with pytest.raises(StoreError, match="the disk is full; nothing was changed"):
        make_backup(store_path)
    with pytest.raises(StoreError, match="the disk is full; nothing was changed"):
        store.import_requests([make_request(2)], ["second"])
    assert not list((store_path / "backups").glob(".*"))
    assert Store.open(store_path).ids() == ["1"]
