"""Lapse prompts: a fees notice unpaid past the time the law gives.

FOIA s.9(2) and FOISA s.9(4): three months from the day the fees notice was given; EIR reg. 8(5):
60 working days (legislation.gov.uk ukpga/2000/36/section/9, asp/2002/13/section/9,
uksi/2004/3391/regulation/8).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from foitui import views
from foitui.cli import main
from foitui.deadlines import ClockStop
from foitui.law.lapses import fee_deadline, lapses
from foitui.models import Law
from tests.conftest import make_request


def test_three_months_under_the_acts() -> None:
    assert fee_deadline(Law.FOI, date(2026, 11, 4)) == date(2027, 2, 4)
    assert fee_deadline(Law.FOISA, date(2026, 11, 30)) == date(2027, 2, 28)  # no 30 Feb


def test_sixty_working_days_under_the_eir() -> None:
    # From Wed 4 Nov 2026: 5-6 Nov (2), 9-13 (7), 16-20 (12), 23-27 (17), 30 Nov X (St Andrew's
    # Day: the EIR count UK-wide bank holidays), 1-4 Dec (21), 7-11 (26), 14-18 (31), 21-24
    # (35), 25 X, 28 X, 29-31 (38), 1 Jan X, 4 Jan X, 5-8 (42), 11-15 (47), 18-22 (52), 25-29
    # (57), 1-3 Feb (60): Wed 3 Feb 2027.
    assert fee_deadline(Law.EIR, date(2026, 11, 4)) == date(2027, 2, 3)


def test_no_lapse_worked_out_for_the_eisr() -> None:
    assert fee_deadline(Law.EISR, date(2026, 11, 4)) is None


def test_lapses_only_for_unpaid_notices_past_their_time() -> None:
    unpaid = [ClockStop("fees", date(2026, 11, 4))]
    assert lapses(Law.FOI, unpaid, date(2027, 2, 4)) == []
    (line,) = lapses(Law.FOI, unpaid, date(2027, 2, 5))
    assert "FOIA s.9(2)" in line and "need not comply" in line
    paid = [ClockStop("fees", date(2026, 11, 4), date(2026, 11, 20))]
    assert lapses(Law.FOI, paid, date(2027, 6, 1)) == []


def test_list_lapsed(make_store, capsys: pytest.CaptureFixture[str]) -> None:
    store = make_store([make_request(1, received="2026-01-05"), make_request(2)])
    store.start_stop("1", "fees", date(2026, 1, 7))
    rows = views.select(store, lapsed=True, today=date.today())
    assert [r.id for r in rows] == (["1"] if date.today() > date(2026, 4, 7) else [])
    assert main(["list", "--lapsed", "--json", "--store", str(store.root)]) == 0
    assert [row["id"] for row in json.loads(capsys.readouterr().out)] == [r.id for r in rows]
