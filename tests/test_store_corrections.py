"""Corrections in the store: saved at once, journalled, undoable, seen by a second store,
applied to every reader (get, iter_requests, the list's rows), check-the-split flag kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foitui.errors import StoreError
from foitui.kinds import Outcome
from foitui.models import Request, Source
from foitui.parsing import parse_pair
from foitui.store import Store
from tests.test_corrections import REQUEST, RESPONSE

SPLIT = {"op": "split", "key": "1", "text": "How many parking", "at": "2. how many were"}
MOVE = {"op": "move", "block": "There were 30 cancelled.", "to": "2"}


def parsed_request(n: int = 1) -> Request:
    parse = parse_pair(REQUEST, RESPONSE)
    return Request(
        title=f"Parking {n}",
        source=Source(file="t.tsv", line=n, record=n),
        received="2026-11-02",  # type: ignore[arg-type]
        **parse.model_dump(exclude={"own_ref"}),
    )


@pytest.fixture
def store(make_store) -> Store:
    return make_store([parsed_request(1), parsed_request(2)])


def test_the_check_flag_is_worked_out_at_import(store: Store) -> None:
    rows = store.summaries()
    assert rows[0].check == "us" and rows[0].check_split
    assert store.index_row("1").check == "us"


def test_a_store_written_before_the_flag_reads_as_not_flagged(store: Store, store_path) -> None:
    index = store_path / "index.json"
    data = json.loads(index.read_text())
    del data["columns"]["1"]["check"]
    index.write_text(json.dumps(data))
    assert not Store.open(store_path).summaries()[0].check_split


def test_a_correction_is_saved_journalled_and_applied_everywhere(store: Store, store_path) -> None:
    change = store.add_correction("1", SPLIT)
    assert change is not None and change.path == ("corrections",)
    assert change.old is None and change.new == [SPLIT]
    assert change.action == "correct" and change.user == store.user
    assert "split 1 before" in (change.note or "")
    again = Store.open(store_path)  # from disk
    request = again.get("1")
    assert [q.key for q in request.questions] == ["1", "2", "3", "5"]
    assert next(r.questions for r in again.iter_requests()) == request.questions
    row = again.summaries()[0]
    assert row.questions == 4 and row.pending == 2  # the new question and 5
    assert again.summaries()[1].questions == 3  # the other request is untouched
    history = again.history("1")[-1]
    assert history.path == ("corrections",) and history.new == [SPLIT]


def test_corrections_append_in_order_and_the_flag_is_recomputed(store: Store) -> None:
    store.add_correction("1", SPLIT)
    store.add_correction("1", MOVE)
    ops, skipped = store.corrections("1")
    assert ops == [SPLIT, MOVE] and skipped == []
    request = store.get("1")
    assert request.questions[1].answer == "There were 30 cancelled."
    # Still flagged: 5 has no answer and the labels skip 3 to 5; relabel 5 as 4 ...
    assert store.summaries()[0].check == "us"
    store.add_correction("1", {"op": "relabel", "key": "5", "text": "Who decided", "label": "4"})
    assert store.summaries()[0].check == "u"
    # ... and give it the unassigned note: nothing left to check.
    store.add_correction("1", {"op": "move", "block": "Please note", "to": "4"})
    store.add_correction("1", {"op": "move", "block": "Thank you", "to": "4"})
    assert store.summaries()[0].check == ""
    assert not store.summaries()[0].check_split


def test_a_correction_that_does_not_apply_is_refused_with_the_reason(store: Store) -> None:
    with pytest.raises(StoreError, match="cannot split 1 before 'nowhere'"):
        store.add_correction("1", {"op": "split", "key": "1", "at": "nowhere"})
    with pytest.raises(StoreError, match="unknown correction"):
        store.add_correction("1", {"op": "explode"})
    assert store.corrections("1") == ([], [])
    assert store.history("1") == []


def test_undo_takes_a_correction_back(store: Store) -> None:
    store.add_correction("1", SPLIT)
    change = store.add_correction("1", MOVE)
    assert change is not None
    undone = store.undo(change)
    assert undone is not None and undone.action == "undo"
    assert store.corrections("1")[0] == [SPLIT]
    assert store.get("1").questions[1].answer is None
    assert store.history("1")[-1].action == "undo"


def test_triage_marks_follow_a_relabel_and_come_back_on_undo(store: Store) -> None:
    store.mark("1", "5", outcome="refused", note="asked before")
    change = store.add_correction(
        "1", {"op": "relabel", "key": "5", "text": "Who decided", "label": "4"}
    )
    assert change is not None
    question = store.get("1").questions[2]
    assert (question.key, question.outcome, question.note) == ("4", Outcome.REFUSED, "asked before")
    assert store.summaries()[0].pending == 0  # 1 and 3 answered, 4 refused
    assert store.triage_doc("1")["questions"]["4"]["note"] == "asked before"
    # Marking under the new key works, and an edit of the carried note is no conflict.
    store.mark("1", "4", note="asked before, twice", seen={"note": "asked before"})
    assert store.get("1").questions[2].note == "asked before, twice"
    store.undo(change)
    question = store.get("1").questions[2]
    assert (question.key, question.note) == ("5", "asked before")


def test_two_stores_on_one_directory_both_corrections_kept(store: Store, store_path) -> None:
    theirs = Store.open(store_path)  # another officer, another process
    store.add_correction("1", SPLIT)
    # Theirs has not refreshed: the append is computed under the lock from what is on disk.
    theirs.add_correction("1", {"op": "relabel", "key": "5", "text": "Who decided", "label": "4"})
    assert [op["op"] for op in Store.open(store_path).corrections("1")[0]] == ["split", "relabel"]
    theirs.refresh()
    assert [q.key for q in theirs.get("1").questions] == ["1", "2", "3", "4"]
    store.refresh()
    assert store.summaries()[0].questions == 4


def test_an_op_made_meaningless_by_another_user_is_refused_not_stacked(
    store: Store, store_path
) -> None:
    theirs = Store.open(store_path)
    store.add_correction("1", SPLIT)
    with pytest.raises(StoreError, match="cannot split 1"):
        theirs.add_correction("1", SPLIT)
    assert Store.open(store_path).corrections("1")[0] == [SPLIT]


def test_corrections_that_stop_applying_are_reported_not_raised(store: Store, store_path) -> None:
    store.add_correction("1", SPLIT)
    # A store edited by hand (or a better parse) where the op no longer applies.
    shard = store_path / "triage" / "0000.json"
    data = json.loads(shard.read_text())
    data["triage"]["1"]["corrections"].append({"op": "merge", "key": "99"})
    shard.write_text(json.dumps(data))
    again = Store.open(store_path)
    ops, skipped = again.corrections("1")
    assert len(ops) == 2 and [s.position for s in skipped] == [1]
    assert len(again.get("1").questions) == 4


def test_exemption_lookups_see_corrected_questions(store: Store) -> None:
    store.add_correction("1", {"op": "move", "block": "It cost", "to": "unassigned"})
    store.mark("1", "5", outcome="refused", exemptions=["s40(2)"])
    assert "1" in store.ids_citing("s40")
    assert store.exemption_counts()["s40(2)"] == 1


def test_list_json_carries_check_split(store: Store) -> None:
    from foitui import views

    rows = json.loads(views.list_json(store.summaries()))
    assert rows[0]["check_split"] is True


def test_paths_are_not_touched_by_the_corpus(store: Store, store_path: Path) -> None:
    before = (store_path / "corpus" / "0000.json").read_bytes()
    store.add_correction("1", SPLIT)
    assert (store_path / "corpus" / "0000.json").read_bytes() == before
