"""Internal review: its deadline under each law, the window for asking, the store and the CLI.

Dates counted by hand on the calendar (working days ``(n)``, days that do not count ``X``).
Sources: FOIA s.45 code of practice (Cabinet Office, 2018), part 5; EIR reg. 11
(legislation.gov.uk/uksi/2004/3391/regulation/11); FOISA s.20 and s.21
(legislation.gov.uk/asp/2002/13); EISR reg. 16 (legislation.gov.uk/ssi/2004/520/regulation/16).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from foitui.cli import main
from foitui.errors import StoreError
from foitui.law.reviews import (
    REVIEW_RULES,
    make_review,
    review_due,
    review_window_end,
    stored_review,
)
from foitui.models import Law
from tests.conftest import make_request


@pytest.mark.parametrize(
    ("law", "due", "provision"),
    [
        # FOIA code of practice part 5: 20 working days. From Mon 2 Nov 2026: 3-6 Nov (1-4),
        # 9-13 (5-9), 16-20 (10-14), 23-27 (15-19), St Andrew's Day Mon 30 Nov X (a bank holiday
        # in Scotland, so not a working day under FOIA s.10(6)), Tue 1 Dec (20).
        (Law.FOI, date(2026, 12, 1), "code of practice"),
        # EIR reg. 11(4): 40 working days. Day 20 is 1 Dec; 2-4 Dec (21-23), 7-11 (24-28),
        # 14-18 (29-33), 21-24 (34-37), Christmas X, Boxing Day substitute Mon 28 X, 29-31 (38-40).
        (Law.EIR, date(2026, 12, 31), "EIR reg. 11(4)"),
        # FOISA s.21(1): 20 working days on the Scottish calendar (s.73): the same 1 Dec.
        (Law.FOISA, date(2026, 12, 1), "FOISA s.21(1)"),
        # EISR reg. 16(4): 20 working days, Scottish working days (reg. 2(1)).
        (Law.EISR, date(2026, 12, 1), "EISR reg. 16(4)"),
    ],
)
def test_review_deadline_by_law(law: Law, due: date, provision: str) -> None:
    assert review_due(date(2026, 11, 2), law) == due
    assert provision in REVIEW_RULES[law].provision


def test_foia_review_may_take_forty_days_in_exceptional_cases() -> None:
    # FOIA code of practice part 5: 20 working days, up to 40 in exceptional cases.
    assert REVIEW_RULES[Law.FOI].days == 20 and REVIEW_RULES[Law.FOI].exceptional_days == 40
    assert REVIEW_RULES[Law.FOISA].exceptional_days is None


def test_review_over_easter_and_st_patricks_day() -> None:
    # FOIA, requested Fri 15 Mar 2024: St Patrick's Day (Sun 17 Mar) moves to Mon 18 Mar in
    # Northern Ireland X, 19-22 (1-4), 25-28 (5-8), Good Friday 29 X, Easter Monday 1 Apr X,
    # 2-5 (9-12), 8-12 (13-17), 15-17 (18-20).
    assert review_due(date(2024, 3, 15), Law.FOI) == date(2024, 4, 17)


def test_window_for_asking_after_a_response() -> None:
    # 40 working days after the response (FOIA code part 5; EIR reg. 11(2); FOISA s.20(5); EISR
    # reg. 16(2)). Response Mon 2 Nov 2026: day 40 is Thu 31 Dec (see the EIR count above);
    # Fri 1 Jan and Mon 4 Jan (2 January's substitute in Scotland) are not working days, so a
    # request on 4 Jan is still the 40th day, and Tue 5 Jan is the 41st: late by one.
    assert review_window_end(date(2026, 11, 2), Law.FOI) == date(2026, 12, 31)
    on_time = make_review(Law.FOI, date(2027, 1, 4), responded=date(2026, 11, 2))
    assert not on_time.late
    late = make_review(Law.FOI, date(2027, 1, 5), responded=date(2026, 11, 2))
    assert late.late and late.late_by == 1
    assert "40-day window" in late.describe()


def test_window_runs_from_the_deadline_without_a_response() -> None:
    # FOISA s.20(5): with no response, the 40 working days run from the end of the time for
    # compliance. Due Tue 1 Dec 2026: 2-4 Dec (1-3), 7-11 (4-8), 14-18 (9-13), 21-24 (14-17),
    # 25 X, 28 X, 29-31 (18-20), 1 Jan X, 4 Jan X, 5-8 (21-24), 11-15 (25-29), 18-22 (30-34),
    # 25-29 (35-39), Mon 1 Feb 2027 (40).
    assert review_window_end(date(2026, 12, 1), Law.FOISA) == date(2027, 2, 1)
    assert not make_review(Law.FOISA, date(2027, 2, 1), first_due=date(2026, 12, 1)).late
    assert make_review(Law.FOISA, date(2027, 2, 2), first_due=date(2026, 12, 1)).late_by == 1


def test_store_records_a_review_and_its_outcome(make_store) -> None:
    store = make_store([make_request(1, received="2026-10-01", law=Law.FOISA)])
    store.set_review("1", date(2026, 11, 2))
    review = stored_review(Law.FOISA, store.triage_doc("1"), store.summary("1").due)
    assert review is not None and review.due == date(2026, 12, 1) and review.completed is None
    assert review.overdue(date(2026, 12, 2)) and not review.overdue(date(2026, 12, 1))
    store.set_review("1", date(2026, 11, 2), date(2026, 11, 20), "partly_upheld")
    review = stored_review(Law.FOISA, store.triage_doc("1"), store.summary("1").due)
    assert review is not None and review.to_json() == {
        "requested": "2026-11-02",
        "due": "2026-12-01",
        "completed": "2026-11-20",
        "outcome": "partly_upheld",
        "late": False,
    }
    assert "review requested 2026-11-02" in (store.history("1")[-1].note or "")
    store.set_review("1", None)
    assert stored_review(Law.FOISA, store.triage_doc("1"), None) is None


def test_store_refuses_reviews_out_of_order(make_store) -> None:
    store = make_store([make_request(1, received="2026-10-01")])
    with pytest.raises(StoreError, match="before received"):
        store.set_review("1", date(2026, 9, 1))
    with pytest.raises(StoreError, match="before it was requested"):
        store.set_review("1", date(2026, 11, 2), date(2026, 11, 1), "upheld")
    with pytest.raises(StoreError, match="both its date and its outcome"):
        store.set_review("1", date(2026, 11, 2), date(2026, 11, 3), None)
    assert "review" not in store.triage_doc("1")


def test_cli_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "REF\tLAW\tRECEIVED\tREQUEST\tRESPONSE\n"
        "EIR/1\teir\t2026-10-01\t<p>1. Air quality data?</p>\t\n",
        encoding="utf-8",
    )
    store = str(tmp_path / "store")
    assert main(["import", str(corpus), "--store", store]) == 0
    capsys.readouterr()
    assert main(["show", "1", "--json", "--store", store]) == 0
    assert json.loads(capsys.readouterr().out)["review"] is None
    assert main(["review", "1", "--requested", "2026-11-02", "--store", store]) == 0
    # EIR reg. 11(4): 40 working days, counted above.
    assert "due 2026-12-31 (40 working days, EIR reg. 11(4))" in capsys.readouterr().out
    args = ["review", "EIR/1", "--completed", "2026-12-10", "--outcome", "overturned"]
    assert main([*args, "--store", store]) == 0
    assert "completed 2026-12-10: overturned" in capsys.readouterr().out
    assert main(["show", "1", "--json", "--store", store]) == 0
    assert json.loads(capsys.readouterr().out)["review"] == {
        "requested": "2026-11-02",
        "due": "2026-12-31",
        "completed": "2026-12-10",
        "outcome": "overturned",
        "late": False,
    }
    assert main(["show", "1", "--store", store]) == 0
    assert "review requested 2026-11-02" in capsys.readouterr().out
    # Usage errors: an outcome without its date; nothing to do.
    assert main(["review", "1", "--outcome", "upheld", "--store", store]) == 2
    assert main(["review", "1", "--outcome", "upheld", "--completed", "x", "--store", store]) == 2
    assert main(["review", "1", "--store", store]) == 2
    assert main(["review", "1", "--remove", "--store", store]) == 0


def test_requester_windows() -> None:
    from foitui.law.reviews import complaint_until, requester_windows

    # Before a review: 40 working days from the response (FOIA code of practice, part 5):
    # response Mon 30 Nov 2026 -> Fri 29 Jan 2027 (counted in tests/test_law_letters.py).
    (line,) = requester_windows(Law.FOI, date(2026, 11, 30), None, None, date(2026, 12, 1))
    assert "until 2027-01-29" in line and "after the response" in line
    # No response and the deadline not yet missed: nothing to ask for.
    assert requester_windows(Law.FOISA, None, date(2026, 12, 1), None, date(2026, 11, 20)) == []
    # FOISA s.20(5): missed deadline Tue 1 Dec 2026 -> Mon 1 Feb 2027 (counted above).
    (line,) = requester_windows(Law.FOISA, None, date(2026, 12, 1), None, date(2026, 12, 2))
    assert "until 2027-02-01" in line and "FOISA s.20(5)" in line
    # After the review: six weeks for the ICO (practice, not statute); six months for the
    # Scottish Information Commissioner (FOISA s.47(4)(a)), 31 Aug -> 28 Feb (no 31 Feb).
    assert complaint_until(Law.EIR, date(2026, 12, 15)) == date(2027, 1, 26)
    assert complaint_until(Law.EISR, date(2026, 8, 31)) == date(2027, 2, 28)
    review = make_review(Law.FOISA, date(2026, 8, 3), completed=date(2026, 8, 31), outcome="upheld")
    (line,) = requester_windows(Law.FOISA, None, None, review, date(2026, 9, 1))
    assert "Scottish Information Commissioner" in line and "until 2027-02-28" in line


def test_list_open_and_overdue_reviews(make_store, capsys: pytest.CaptureFixture[str]) -> None:
    store = make_store([make_request(n, received="2026-10-01") for n in (1, 2, 3)])
    store.set_review("1", date(2026, 11, 2))  # due 1 Dec 2026
    store.set_review("2", date(2026, 12, 20))  # due later
    store.set_review("3", date(2026, 11, 2), date(2026, 11, 9), "upheld")  # answered
    from foitui import views

    today = date(2026, 12, 2)
    assert [r.id for r in views.select(store, reviews=True, today=today)] == ["1", "2"]
    assert [r.id for r in views.select(store, review_overdue=True, today=today)] == ["1"]
    assert main(["list", "--reviews", "--json", "--store", str(store.root)]) == 0
    assert {row["id"] for row in json.loads(capsys.readouterr().out)} == {"1", "2"}


def test_status_follows_an_open_review(make_store) -> None:
    # A review asked for and not yet answered: the request is "internal review" (the status
    # vocabulary's own word), until the review is answered; a status set by hand wins.
    from foitui.kinds import Status

    store = make_store([make_request(1, received="2026-10-01", answered=3)])
    assert store.summary("1").status is Status.SUCCESSFUL
    store.set_review("1", date(2026, 11, 2))
    assert store.summary("1").status is Status.INTERNAL_REVIEW
    store.set_review("1", date(2026, 11, 2), date(2026, 11, 20), "upheld")
    assert store.summary("1").status is Status.SUCCESSFUL
    store.set_review("1", date(2026, 11, 2))
    store.set_status("1", "refused")
    assert store.summary("1").status is Status.REFUSED
