"""Clock stops and extensions recorded on a request move its due date, and the history says why."""

from __future__ import annotations

from datetime import date

import pytest

from foitui.errors import StoreError
from foitui.models import Law
from tests.conftest import make_request


def test_clarification_resets_the_clock(make_store) -> None:
    # Received Mon 2 Nov 2026: due Tue 1 Dec (St Andrew's Day, Mon 30 Nov, is not a working day).
    store = make_store([make_request(1, received="2026-11-02")])
    assert store.summary("1").due == date(2026, 12, 1)
    store.start_stop("1", "clarification", date(2026, 11, 4))
    assert store.summary("1").due is None  # no due date while we wait for the reply
    store.end_stop("1", "clarification", date(2026, 11, 9))
    # Clarification received Mon 9 Nov: 20 working days afresh from Tue 10 Nov, skipping 30 Nov.
    assert store.summary("1").due == date(2026, 12, 8)
    notes = [c.note for c in store.history("1")]
    assert notes == ["clarification sought 2026-11-04", "clarification received 2026-11-09"]


def test_fees_notice_pauses_the_clock(make_store) -> None:
    store = make_store([make_request(1, received="2026-11-02")])
    store.start_stop("1", "fees", date(2026, 11, 9))
    store.end_stop("1", "fees", date(2026, 11, 11))
    # 9, 10 and 11 Nov are disregarded: three working days later than 1 Dec.
    assert store.summary("1").due == date(2026, 12, 4)


def test_stop_rules(make_store) -> None:
    store = make_store([make_request(1, received="2026-11-02")])
    with pytest.raises(StoreError, match="before receipt"):
        store.start_stop("1", "fees", date(2026, 10, 1))
    with pytest.raises(StoreError, match="not stopped"):
        store.end_stop("1", "fees", date(2026, 11, 5))
    store.start_stop("1", "fees", date(2026, 11, 4))
    with pytest.raises(StoreError, match="already stopped"):
        store.start_stop("1", "fees", date(2026, 11, 5))
    with pytest.raises(StoreError, match="cannot end before"):
        store.end_stop("1", "fees", date(2026, 11, 3))


def test_eir_extension_to_forty_days(make_store) -> None:
    store = make_store([make_request(1, received="2026-11-02", law=Law.EIR)])
    store.set_extension("1", 20, "eir")
    # 40 working days from Tue 3 Nov: 19 in November (St Andrew's Day 30 Nov skipped), then
    # 1-24 Dec (18), Christmas and the Boxing Day substitute (28 Dec) skipped, 29-31 Dec.
    assert store.summary("1").due == date(2026, 12, 31)
    assert "EIR reg. 7" in store.history("1")[-1].note
    with pytest.raises(StoreError, match="FOIA"):
        store.set_extension("1", 10, "pit")


def test_public_interest_extension_limits(make_store) -> None:
    store = make_store([make_request(1, received="2026-11-02")])
    # FOIA s.10(3): "such time as is reasonable": more than 20 is allowed (with a warning in
    # the CLI and the app); 60 guards against typing mistakes.
    with pytest.raises(StoreError, match="0 to 60"):
        store.set_extension("1", 61, "pit")
    with pytest.raises(StoreError, match="0 to 20"):
        store.set_extension("1", 21, "eir")
    with pytest.raises(StoreError, match="EIR and EISR requests only"):
        store.set_extension("1", 20, "eir")
    store.set_extension("1", 10, "pit")
    assert store.summary("1").due == date(2026, 12, 15)
    store.set_extension("1", 0, "pit")
    assert store.summary("1").due == date(2026, 12, 1)


def test_foisa_has_no_extension(make_store) -> None:
    store = make_store([make_request(1, received="2026-11-02", law=Law.FOISA)])
    with pytest.raises(StoreError, match="FOISA"):
        store.set_extension("1", 10, "pit")
