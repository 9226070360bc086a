"""Status and clock are one fact: waiting for clarification stops the clock, and back.

FOIA s.1(3) with s.10(6)(b) (EIR reg. 9(4), FOISA s.1(3) with s.10(1)(b), EISR reg. 9(4)): while
the authority waits for the clarification it asked for, it need not comply, so the 20 working
days do not run; they start again on the day the reply arrives.
"""

from __future__ import annotations

from datetime import date

from foitui import views
from foitui.kinds import Status
from tests.conftest import make_request


def _open_clarification(store, rid: str) -> list[dict]:  # type: ignore[no-untyped-def]
    stops = store.triage_doc(rid).get("stops") or []
    return [s for s in stops if s["kind"] == "clarification" and not s.get("end")]


def test_status_waiting_stops_the_clock(make_store) -> None:
    store = make_store([make_request(1, received="2026-11-02")])
    assert store.summary("1").due == date(2026, 12, 1)
    store.set_status("1", "waiting_clarification")
    assert _open_clarification(store, "1"), "setting the status stops the clock"
    row = store.summary("1")
    assert row.status is Status.WAITING_CLARIFICATION and row.due is None
    assert not views.is_overdue(row, date(2027, 1, 1))


def test_every_question_needing_clarification_stops_the_clock(make_store) -> None:
    store = make_store([make_request(1, received="2026-11-02", questions=2)])
    store.mark("1", "1", outcome="clarification_needed")
    assert not _open_clarification(store, "1")  # one of two: the request is in progress
    store.mark("1", "2", outcome="clarification_needed")
    assert _open_clarification(store, "1")
    assert store.summary("1").due is None


def test_clarification_received_restarts_clock_and_status(make_store) -> None:
    store = make_store([make_request(1, received="2026-11-02", questions=1)])
    store.set_status("1", "waiting_clarification")
    store.mark("1", "1", outcome="clarification_needed")
    (stop,) = _open_clarification(store, "1")
    store.end_stop("1", "clarification", date.fromisoformat(stop["start"]))
    row = store.summary("1")
    # The status set by hand gives way, and the outcomes' "clarification needed" no longer
    # makes the request wait: the clock runs again, so the status is in progress.
    assert row.status is Status.IN_PROGRESS and row.due is not None
    assert "status" not in (store.triage_doc("1").get("fields") or {})


def test_clock_stop_under_k_sets_the_status(make_store) -> None:
    store = make_store([make_request(1, received="2026-11-02")])
    store.start_stop("1", "clarification", date(2026, 11, 4))
    assert store.summary("1").status is Status.WAITING_CLARIFICATION
    store.end_stop("1", "clarification", date(2026, 11, 9))
    assert store.summary("1").status is not Status.WAITING_CLARIFICATION
    # Clarification received Mon 9 Nov: 20 working days afresh, St Andrew's Day skipped.
    assert store.summary("1").due == date(2026, 12, 8)


def test_imported_waiting_status_is_never_overdue(make_store) -> None:
    request = make_request(1, received="2026-01-05")
    request.status = Status.WAITING_CLARIFICATION
    store = make_store([request])
    row = store.summary("1")
    assert row.due is not None and not views.is_overdue(row, date(2026, 12, 1))
    assert views.days_left(row, date(2026, 12, 1)) is None


def test_undoing_the_status_puts_back_the_clock_too(make_store) -> None:
    # One fact, one place (FOIA s.1(3) with s.10(6)(b)): the clock stop that followed the
    # status is part of the same edit, so undoing the edit puts back both.
    store = make_store([make_request(1, received="2026-11-02")])
    changes = store.set_status("1", "waiting_clarification")
    assert [c.path[0] for c in changes] == ["fields", "stops"]
    for change in reversed(changes):
        store.undo(change)
    assert not _open_clarification(store, "1")
    row = store.summary("1")
    assert row.status is not Status.WAITING_CLARIFICATION and row.due == date(2026, 12, 1)


def test_undoing_a_clarification_received_puts_back_the_status(make_store) -> None:
    store = make_store([make_request(1, received="2026-11-02")])
    store.set_status("1", "waiting_clarification")
    (stop,) = _open_clarification(store, "1")
    changes = store.end_stop("1", "clarification", date.fromisoformat(stop["start"]))
    assert [c.path[0] for c in changes] == ["stops", "fields"]
    for change in reversed(changes):
        store.undo(change)
    assert _open_clarification(store, "1")
    assert store.summary("1").status is Status.WAITING_CLARIFICATION
