"""A clarification never answered, shown as lapsed after the store's `clarification_lapse`.

Source check: no statute sets a period after which a request whose clarification went
unanswered lapses (FOIA s.1(3) and s.10(6)(b), EIR reg. 9, FOISA s.1(3) and EISR reg. 9 only stop
the clock), and no period could be found in the ICO's guidance "Interpreting and clarifying
requests" (ico.org.uk, FOI and EIR guidance) to cite as a default. So the period is a store
setting, required for the prompt: unset, no such lapse is shown. Dates counted by hand.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from foitui import views
from foitui.cli import main
from foitui.deadlines import ClockStop
from foitui.errors import StoreError
from foitui.law.lapses import lapses, parse_period, period_end
from foitui.models import Law
from foitui.store import Store
from tests.conftest import make_request

SOUGHT = date(2026, 1, 7)  # a Wednesday


def test_parse_period() -> None:
    assert (parse_period("3 months").unit, parse_period("3 months").count) == ("months", 3)
    assert parse_period(" 60 Working Days ").unit == "working days"
    assert parse_period("1 month").count == 1
    for bad in ("", "3", "three months", "0 months", "2 weeks"):
        with pytest.raises(ValueError, match="clarification_lapse"):
            parse_period(bad)


def test_period_end_hand_counted() -> None:
    # Three months from Wed 7 Jan 2026: Tue 7 Apr 2026.
    assert period_end(Law.FOI, SOUGHT, parse_period("3 months")) == date(2026, 4, 7)
    # 60 working days (FOIA: UK-wide bank holidays): 8-9 Jan (2), 12-16 (7), 19-23 (12),
    # 26-30 (17), 2-6 Feb (22), 9-13 (27), 16-20 (32), 23-27 (37), 2-6 Mar (42), 9-13 (47),
    # 16 (48), 17 X (St Patrick's Day, NI), 18-20 (51), 23-27 (56), 30-31 (58), 1 Apr (59),
    # Thu 2 Apr 2026 (60) (Good Friday is 3 Apr).
    assert period_end(Law.FOI, SOUGHT, parse_period("60 working days")) == date(2026, 4, 2)


def test_lapse_only_when_the_setting_is_given_and_the_reply_never_came() -> None:
    waiting = [ClockStop("clarification", SOUGHT)]
    period = parse_period("3 months")
    assert lapses(Law.FOI, waiting, date(2027, 1, 1)) == []  # no setting: no prompt
    assert lapses(Law.FOI, waiting, date(2026, 4, 7), period) == []  # the last day
    (line,) = lapses(Law.FOI, waiting, date(2026, 4, 8), period)
    assert "clarification sought 2026-01-07 was not answered by 2026-04-07" in line
    assert "clarification_lapse" in line
    answered = [ClockStop("clarification", SOUGHT, date(2026, 1, 20))]
    assert lapses(Law.FOI, answered, date(2027, 1, 1), period) == []


def _store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "store")
    store.import_requests(
        [make_request(1, received="2026-01-05"), make_request(2, received="2026-01-05")],
        ["a", "b"],
    )
    store.start_stop("1", "clarification", SOUGHT)
    return store


def test_setting_is_checked(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with pytest.raises(StoreError, match="'3 months'"):
        store.set_setting("clarification_lapse", "soon")
    store.set_setting("clarification_lapse", "3 months")
    assert store.settings()["clarification_lapse"] == "3 months"


def test_list_lapsed_and_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = _store(tmp_path)
    root = str(store.root)
    # Sought 7 Jan 2026: long past three months by any day these tests run after 7 Apr 2026.
    today = date.today()
    assert views.select(store, lapsed=True, today=today) == []  # unset: no prompt
    store.set_setting("clarification_lapse", "3 months")
    rows = views.select(store, lapsed=True, today=today)
    assert [r.id for r in rows] == (["1"] if today > date(2026, 4, 7) else [])
    assert main(["list", "--lapsed", "--json", "--store", root]) == 0
    assert [row["id"] for row in json.loads(capsys.readouterr().out)] == [r.id for r in rows]
    assert main(["show", "1", "--store", root]) == 0
    out = capsys.readouterr().out
    assert ("was not answered by 2026-04-07" in out) == (today > date(2026, 4, 7))
