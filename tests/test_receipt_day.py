"""The day of receipt: the store setting `receipt_day`, used by every due date.

Sources:
- FOIA s.10(6): the date of receipt is "the day on which the public authority receives the
  request" (a calendar day, not a working day) (legislation.gov.uk ukpga/2000/36/section/10).
- ICO, "Time limits for compliance under the Freedom of Information Act (section 10)", part
  "Requests received on non-working days": a request received on a non-working day is received
  that day and the next working day is day 1 (`ico`, the default). The ICO's line to take LTT47
  says the same: the date of receipt need not be a working day.
- The final s.45 code of practice (Cabinet Office, July 2018), para 4.2, treats a request
  arriving on a non-working day as received on the next working day, so day 1 is the working
  day after that: one working day later than the ICO (`code2018`). The code's own text could
  not be retrieved here; the change from the draft (which followed the ICO) is described by
  FOIMan, "It's about time" (foiman.com/archives/2958).
Every date below is counted by hand.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from foitui import deadlines
from foitui.cli import main
from foitui.deadlines import ClockStop, due_date, receipt_date
from foitui.errors import StoreError
from foitui.models import Law
from foitui.store import Store
from tests.conftest import make_request


@pytest.mark.parametrize(
    ("received", "law", "ico", "code2018"),
    [
        # Sat 2 Mar 2024, FOIA. ICO: day 1 Mon 4 Mar; 4-8 (5), 11-15 (10), 18 X (St Patrick's
        # Day substitute, NI: FOIA counts UK-wide bank holidays), 19-22 (14), 25-28 (18),
        # 29 X Good Friday, 1 Apr X Easter Monday, 2 Apr (19), 3 Apr (20): Wed 3 Apr.
        # Code 2018: received Mon 4 Mar, day 1 Tue 5 Mar: one more, Thu 4 Apr.
        (date(2024, 3, 2), Law.FOI, date(2024, 4, 3), date(2024, 4, 4)),
        # Fri 1 Mar 2024, a working day: both readings agree, Wed 3 Apr (day 1 Mon 4 Mar).
        (date(2024, 3, 1), Law.FOI, date(2024, 4, 3), date(2024, 4, 3)),
        # Good Friday 29 Mar 2024, FOIA. ICO: day 1 Tue 2 Apr (Easter Monday X); 2-5 (4),
        # 8-12 (9), 15-19 (14), 22-26 (19), Mon 29 Apr (20). Code 2018: received Tue 2 Apr,
        # day 1 Wed 3 Apr: Tue 30 Apr.
        (date(2024, 3, 29), Law.FOI, date(2024, 4, 29), date(2024, 4, 30)),
        # Sun 1 Dec 2024, FOISA (Scottish bank holidays only, s.73): Mon 2 Dec X (St Andrew's
        # Day substitute). ICO: day 1 Tue 3 Dec; 3-6 (4), 9-13 (9), 16-20 (14), 23-24 (16),
        # 25 X, 26 X, 27 (17), 30-31 (19), 1 Jan X, 2 Jan X (Scotland), Fri 3 Jan 2025 (20).
        # Code 2018: received Tue 3 Dec, day 1 Wed 4 Dec: Mon 6 Jan 2025.
        (date(2024, 12, 1), Law.FOISA, date(2025, 1, 3), date(2025, 1, 6)),
    ],
)
def test_due_date_by_receipt_day(received: date, law: Law, ico: date, code2018: date) -> None:
    assert due_date(received, law) == ico  # the default is the ICO's reading
    assert due_date(received, law, receipt_day="ico") == ico
    assert due_date(received, law, receipt_day="code2018") == code2018


def test_receipt_date() -> None:
    # Code 2018 para 4.2: Sat 2 Mar 2024 is received Mon 4 Mar; the ICO keeps Sat 2 Mar.
    assert receipt_date(date(2024, 3, 2), Law.FOI, "code2018") == date(2024, 3, 4)
    assert receipt_date(date(2024, 3, 2), Law.FOI, "ico") == date(2024, 3, 2)
    with pytest.raises(ValueError, match="receipt_day"):
        receipt_date(date(2024, 3, 2), Law.FOI, "calendar")


def test_clarification_reply_on_a_non_working_day() -> None:
    # FOIA s.1(3) with s.10(6)(b): the reply's day becomes the date of receipt, fixed the same
    # way. Received Mon 4 Mar 2024, clarification sought Tue 5 Mar, reply Sat 9 Mar.
    # ICO: day 1 Mon 11 Mar; 11-15 (5), 18 X, 19-22 (9), 25-28 (13), 29 X, 1 Apr X, 2-5 (17),
    # 8-10 (20): Wed 10 Apr. Code 2018: received Mon 11 Mar, day 1 Tue 12 Mar: Thu 11 Apr.
    stops = [ClockStop("clarification", date(2024, 3, 5), date(2024, 3, 9))]
    assert due_date(date(2024, 3, 4), Law.FOI, stops=stops) == date(2024, 4, 10)
    assert due_date(date(2024, 3, 4), Law.FOI, stops=stops, receipt_day="code2018") == date(
        2024, 4, 11
    )


def test_explanation_says_which_day_is_the_date_of_receipt() -> None:
    lines = deadlines.deadline_explanation(date(2024, 3, 2), Law.FOI, receipt_day="code2018")
    text = "\n".join(lines)
    assert "the date of receipt is Mon 4 Mar 2024" in text
    assert "Day 1 is Tue 5 Mar 2024" in text
    assert lines[-1] == "Due Thu 4 Apr 2024."
    ico = "\n".join(deadlines.deadline_explanation(date(2024, 3, 2), Law.FOI))
    assert "Day 1 is Mon 4 Mar 2024" in ico and "Due Wed 3 Apr 2024." in ico


def _store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "store")
    store.import_requests(
        [
            make_request(1, received="2024-03-02"),  # a Saturday
            make_request(2, received="2024-03-01"),  # a Friday
        ],
        ["a", "b"],
    )
    return store


def test_store_setting_moves_every_due_date(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert store.receipt_day() == "ico"
    assert store.summary("1").due == date(2024, 4, 3)
    assert [row.due for row in store.summaries()] == [date(2024, 4, 3), date(2024, 4, 3)]
    store.set_setting("receipt_day", "code2018")
    # Only the Saturday receipt moves (hand counts above).
    assert store.summary("1").due == date(2024, 4, 4)
    assert [row.due for row in store.summaries()] == [date(2024, 4, 4), date(2024, 4, 3)]
    assert store.get("1").due == date(2024, 4, 4)
    assert [r.due for r in store.iter_requests()] == [date(2024, 4, 4), date(2024, 4, 3)]
    # Another process sees the setting from the file.
    assert Store.open(tmp_path / "store").summary("1").due == date(2024, 4, 4)
    store.set_setting("receipt_day", None)
    assert store.summary("1").due == date(2024, 4, 3)


def test_store_refuses_an_unknown_receipt_day(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with pytest.raises(StoreError, match="receipt_day"):
        store.set_setting("receipt_day", "calendar")
    assert store.settings() == {}


def test_cli_settings_and_due(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "store"
    _store(tmp_path)
    assert main(["--store", str(root), "settings"]) == 0
    assert "receipt_day: (unset)" in capsys.readouterr().out
    assert main(["--store", str(root), "settings", "receipt_day", "code2018"]) == 0
    capsys.readouterr()
    assert main(["--store", str(root), "list", "--json"]) == 0
    assert '"due": "2024-04-04"' in capsys.readouterr().out
    assert main(["--store", str(root), "settings", "receipt_day", "calendar"]) == 1
    assert "receipt_day is one of ico, code2018" in capsys.readouterr().err
    assert main(["due", "2024-03-02", "--receipt-day", "code2018"]) == 0
    assert capsys.readouterr().out.startswith("2024-04-04 ")
    assert main(["due", "2024-03-02"]) == 0
    assert capsys.readouterr().out.startswith("2024-04-03 ")


def test_review_deadline_follows_the_receipt_day(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # A request for review that arrives on Saturday 31 Oct 2026 (FOIA code of practice part 5:
    # 20 working days). ICO reading: received that day, day 1 Mon 2 Nov; 2-6 (5), 9-13 (10),
    # 16-20 (15), 23-27 (20): Fri 27 Nov. 2018 code para 4.2: received Mon 2 Nov, day 1 Tue 3
    # Nov; 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), Mon 30 Nov St Andrew's Day X (a bank
    # holiday in Scotland, so not a FOIA working day, s.10(6)), Tue 1 Dec (20).
    from foitui.law.reviews import review_due

    assert review_due(date(2026, 10, 31), Law.FOI) == date(2026, 11, 27)
    assert review_due(date(2026, 10, 31), Law.FOI, "code2018") == date(2026, 12, 1)
    # A working day receipt is the same under both: from Mon 2 Nov, Tue 1 Dec.
    assert review_due(date(2026, 11, 2), Law.FOI, "code2018") == date(2026, 12, 1)
    store = _store(tmp_path)
    store.set_review("1", date(2026, 10, 31))
    root = str(tmp_path / "store")
    assert main(["--store", root, "show", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["review"]["due"] == "2026-11-27"
    store.set_setting("receipt_day", "code2018")
    assert main(["--store", root, "show", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["review"]["due"] == "2026-12-01"
