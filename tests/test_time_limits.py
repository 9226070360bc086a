"""Time limits other than 20 working days, by body type (store setting, per-request override).

Sources (each checked on legislation.gov.uk or as stated):
- SI 2004/3364 (Freedom of Information (Time for Compliance with Request) Regulations 2004)
  reg. 3(2): for the governing body of a maintained school, the 20th working day disregarding
  days that are not school days, or the 60th working day, whichever occurs first.
- SI 2010/2768: academies given the same time (CFOI, "Lords approves FOI (Time for Compliance
  with Request) Regulations 2010"; the minister's statement in the Lords).
- FOISA s.10, Explanatory Notes para 46: the Keeper of the Records of Scotland, for a request
  considered under s.22, responds by the 30th working day.
- SI 2004/3364 reg. 4: an appropriate records authority or place of deposit answering for
  information in a transferred public record not designated open information: the 30th working
  day (ICO, "Time limits for compliance under the FOIA (section 10)", "Variations which may be
  applied without permission from the Information Commissioner: information contained in public
  records"; Shepherd and Wedderburn, "FOI time limits extended for schools and armed forces":
  ten days more for records not designated open information).
- SI 2004/3364 reg. 5 (armed forces operations) and reg. 6 (information held outside the UK): a
  day the Information Commissioner specifies, up to the 60th working day (ICO, same guidance,
  "Variations requiring the Information Commissioner's prior consent"); not a body type, so
  refused as one and recorded on the request instead.
- SI 2004/3364 reg. 3(3): a school day is a day on which the school has a session; the days
  it has none are the store setting `school_closures`.
- The EIR and EISR have no such variations.
Every date is counted by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from foitui.cli import main
from foitui.deadlines import deadline_explanation, due_date
from foitui.errors import StoreError
from foitui.law.time_limits import (
    check_body_type,
    days_for,
    limit_for,
    parse_closures,
    school_limit,
    specified_days,
    time_limit,
)
from foitui.models import Law
from foitui.store import Store
from tests.conftest import make_request

RECEIVED = date(2024, 9, 2)  # a Monday
# FOIA and EIR, 20 working days: day 1 Tue 3 Sep; 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19),
# Mon 30 Sep (20). No bank holiday anywhere in the UK in September 2024.
STANDARD = date(2024, 9, 30)
# School, 60 working days: ... 30 Sep-4 Oct (24), 7-11 (29), 14-18 (34), 21-25 (39),
# 28 Oct-1 Nov (44), 4-8 (49), 11-15 (54), 18-22 (59), Mon 25 Nov (60). (St Andrew's Day
# 2024, Sat 30 Nov, is substituted on Mon 2 Dec: after it.)
SCHOOL = date(2024, 11, 25)
# Keeper (FOISA, Scottish bank holidays only: none in Sep-Oct 2024), 30 working days:
# ... 30 Sep-4 Oct (24), 7-11 (29), Mon 14 Oct (30).
KEEPER = date(2024, 10, 14)
# Archive (FOIA, UK-wide bank holidays: none in Sep-Oct 2024), 30 working days: the same day.
ARCHIVE = date(2024, 10, 14)


def test_days_by_body_type_and_law() -> None:
    assert days_for(Law.FOI, "school") == 60  # SI 2004/3364 reg. 3(2)(b), the outer limit
    assert days_for(Law.FOI, "academy") == 60  # SI 2010/2768
    assert days_for(Law.FOISA, "keeper") == 30  # FOISA s.10
    assert days_for(Law.FOI, "archive") == 30  # SI 2004/3364 reg. 4
    assert days_for(Law.EIR, "archive") is None  # made under FOIA s.10(4): not the EIR
    # The 2004 and 2010 Regulations are made under FOIA: not the EIR, FOISA or EISR.
    for law in (Law.EIR, Law.FOISA, Law.EISR):
        assert days_for(law, "school") is None
    # The Keeper's 30 days are FOISA's: not FOIA's nor the EISR's.
    assert days_for(Law.FOI, "keeper") is None and days_for(Law.EISR, "keeper") is None
    assert days_for(Law.FOI, "standard") is None and days_for(Law.FOI, None) is None


def test_hand_counted_due_dates() -> None:
    assert due_date(RECEIVED, Law.FOI) == STANDARD
    assert due_date(RECEIVED, Law.FOI, days=days_for(Law.FOI, "school")) == SCHOOL
    assert due_date(RECEIVED, Law.FOISA, days=days_for(Law.FOISA, "keeper")) == KEEPER
    assert due_date(RECEIVED, Law.FOI, days=days_for(Law.FOI, "archive")) == ARCHIVE


def test_commissioner_days_are_not_body_types_and_say_where_they_go() -> None:
    # SI 2004/3364 reg. 5 and 6: the Commissioner specifies the day; not a kind of body.
    with pytest.raises(ValueError, match=r"reg\. 6.*--specified-day"):
        check_body_type("outside_uk")
    with pytest.raises(ValueError, match=r"reg\. 5.*Information Commissioner specifies"):
        check_body_type("armed_forces")
    with pytest.raises(ValueError, match="one of standard, school, academy, archive, keeper"):
        check_body_type("hospital")
    assert check_body_type(" School ") == "school"
    assert check_body_type("archive") == "archive"


def test_a_day_the_commissioner_specified() -> None:
    # SI 2004/3364 reg. 5 and 6: no later than the 60th working day after receipt (FOIA only).
    # From Mon 2 Sep 2024 the 60th working day is Mon 25 Nov (counted above as SCHOOL).
    assert specified_days(RECEIVED, Law.FOI, SCHOOL) == 60
    assert specified_days(RECEIVED, Law.FOI, date(2024, 10, 14)) == 30
    with pytest.raises(ValueError, match=r"working day 61 .* no later than the 60th"):
        specified_days(RECEIVED, Law.FOI, date(2024, 11, 26))
    with pytest.raises(ValueError, match=r"working day 20 .* after the 20th"):
        specified_days(RECEIVED, Law.FOI, STANDARD)
    with pytest.raises(ValueError, match="FOIA provision"):
        specified_days(RECEIVED, Law.EIR, SCHOOL)
    limit = limit_for(Law.FOI, "standard", RECEIVED, date(2024, 10, 14))
    assert limit is not None and limit.days == 30 and "reg. 5 or 6" in limit.provision
    # A specified day the request's law no longer has gives way to the body type's limit.
    assert limit_for(Law.FOISA, "keeper", RECEIVED, date(2024, 10, 14)) == time_limit(
        Law.FOISA, "keeper"
    )


def test_explanation_names_the_provision_and_the_missing_term_dates() -> None:
    limit = time_limit(Law.FOI, "school")
    assert limit is not None
    lines = deadline_explanation(
        RECEIVED, Law.FOI, days=limit.days, provision=f"{limit.provision}; {limit.note}"
    )
    assert "60 working days (SI 2004/3364 reg. 3; the earlier of the 20th school day" in lines[0]
    assert "no term dates" in lines[0]
    assert lines[-1] == "Due Mon 25 Nov 2024."


def _store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "store")
    store.import_requests(
        [
            make_request(1, received="2024-09-02", law=Law.FOI),
            make_request(2, received="2024-09-02", law=Law.EIR),
            make_request(3, received="2024-09-02", law=Law.FOISA),
        ],
        ["a", "b", "c"],
    )
    return store


def test_store_setting_and_per_request_override(tmp_path: Path) -> None:
    store = _store(tmp_path)
    dues = lambda: [row.due for row in store.summaries()]  # noqa: E731
    assert dues() == [STANDARD, STANDARD, STANDARD]
    store.set_setting("body_type", "school")
    # FOIA only: the EIR have no variation, and the school Regulations are not FOISA's.
    assert dues() == [SCHOOL, STANDARD, STANDARD]
    assert store.get("1").due == SCHOOL and store.summary("1").due == SCHOOL
    # The FOISA request is to the Keeper: its own body type wins over the store's.
    store.set_field("3", "body_type", "keeper")
    assert dues() == [SCHOOL, STANDARD, KEEPER]
    store.set_setting("body_type", None)
    assert dues() == [STANDARD, STANDARD, KEEPER]
    assert Store.open(tmp_path / "store").summary("3").due == KEEPER  # from the files
    with pytest.raises(StoreError, match=r"reg\. 5"):
        store.set_setting("body_type", "armed_forces")
    store.set_setting("body_type", "archive")
    assert dues() == [ARCHIVE, STANDARD, KEEPER]


def test_store_records_the_specified_day_and_counts_clock_stops(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.set_field("1", "specified_day", "2024-10-14")
    assert store.summary("1").due == date(2024, 10, 14)
    # A fees notice stops the clock for three working days (FOIA s.10(2)): Tue 3 to Thu 5 Sep
    # are not counted, so working day 30 moves three working days, to Thu 17 Oct.
    store.start_stop("1", "fees", date(2024, 9, 2))
    store.end_stop("1", "fees", date(2024, 9, 5))
    assert store.summary("1").due == date(2024, 10, 17)
    with pytest.raises(StoreError, match="no later than the 60th"):
        store.set_field("1", "specified_day", "2024-11-26")
    with pytest.raises(StoreError, match="FOIA provision"):
        store.set_field("2", "specified_day", "2024-10-14")
    assert "specified_day" not in (store.triage_doc("2").get("fields") or {})
    store.set_field("1", "specified_day", None)
    assert store.summary("1").due == date(2024, 10, 3)  # 20 days, moved by the 3-day stop


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(tmp_path / "store")
    _store(tmp_path)
    assert main(["--store", root, "settings", "body_type", "academy"]) == 0
    assert main(["--store", root, "set", "3", "--body-type", "keeper"]) == 0
    capsys.readouterr()
    assert main(["--store", root, "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"due": "2024-11-25"' in out and '"due": "2024-10-14"' in out
    assert main(["--store", root, "show", "3", "--json"]) == 0
    assert '"body_type": "keeper"' in capsys.readouterr().out
    assert main(["--store", root, "set", "1", "--body-type", "outside_uk"]) == 2
    assert "--body-type: outside_uk" in capsys.readouterr().err
    assert main(["--store", root, "settings", "body_type", "outside_uk"]) == 1
    assert "reg. 6" in capsys.readouterr().err
    assert main(["--store", root, "set", "1", "--specified-day", "2024-11-25"]) == 0
    capsys.readouterr()
    assert main(["--store", root, "show", "1", "--json"]) == 0
    assert '"due": "2024-11-25"' in capsys.readouterr().out
    assert main(["--store", root, "set", "1", "--specified-day", "2024-11-26"]) == 1
    assert "no later than the 60th" in capsys.readouterr().err
    assert main(["--store", root, "set", "1", "--specified-day", "soon"]) == 2


def test_twentieth_school_day_when_the_closures_are_known() -> None:
    # SI 2004/3364 reg. 3(2): the 20th working day disregarding working days that are not
    # school days, or the 60th working day, whichever occurs first; reg. 3(3): a school day
    # is a day on which the school has a session.
    # Received Mon 14 Oct 2024, half term 28 Oct-1 Nov: 15-18 Oct (4), 21-25 (9), half term
    # not counted, 4-8 Nov (14), 11-15 (19), Mon 18 Nov (20).
    half_term = parse_closures("2024-10-28..2024-11-01")
    limit = school_limit(date(2024, 10, 14), Law.FOI, half_term)
    assert due_date(date(2024, 10, 14), Law.FOI, days=limit.days) == date(2024, 11, 18)
    assert "here the 20th school day" in limit.note
    # Received Mon 15 Jul 2024, summer holiday 22 Jul-3 Sep: 16-19 Jul (4), Wed 4 Sep (5),
    # 5-6 (7), 9-13 (12), 16-20 (17), 23-24 (19), Wed 25 Sep (20).
    summer = parse_closures("2024-07-22..2024-09-03, 2024-12-23..2025-01-03")
    limit = school_limit(date(2024, 7, 15), Law.FOI, summer)
    assert due_date(date(2024, 7, 15), Law.FOI, days=limit.days) == date(2024, 9, 25)
    # A school closed for the whole autumn: the 60th working day comes first (Mon 25 Nov 2024,
    # counted above as SCHOOL).
    closed = parse_closures("2024-09-03..2024-12-31")
    limit = school_limit(RECEIVED, Law.FOI, closed)
    assert limit.days == 60 and "here the 60th working day" in limit.note
    # The academy's limit is the school's (SI 2010/2768), under its own provision.
    academy = limit_for(Law.FOI, "academy", date(2024, 10, 14), None, school_closures=half_term)
    assert academy is not None and "SI 2010/2768" in academy.provision
    assert due_date(date(2024, 10, 14), Law.FOI, days=academy.days) == date(2024, 11, 18)


def test_closures_setting_is_read_and_checked() -> None:
    assert parse_closures("2024-10-28..2024-11-01, 2024-12-02") == (
        (date(2024, 10, 28), date(2024, 11, 1)),
        (date(2024, 12, 2), date(2024, 12, 2)),
    )
    assert parse_closures("") == ()
    with pytest.raises(ValueError, match="not a date"):
        parse_closures("half term")
    with pytest.raises(ValueError, match="ends before it starts"):
        parse_closures("2024-11-01..2024-10-28")


def test_store_counts_school_days_from_its_closures(tmp_path: Path) -> None:
    # Received Mon 2 Sep 2024, closed 9-13 Sep: 3-6 Sep (4), 16-20 (9), 23-27 (14),
    # 30 Sep-4 Oct (19), Mon 7 Oct (20): before the 60th working day (Mon 25 Nov).
    store = _store(tmp_path)
    store.set_setting("body_type", "school")
    assert store.summary("1").due == SCHOOL
    store.set_setting("school_closures", "2024-09-09..2024-09-13")
    assert store.summary("1").due == date(2024, 10, 7)
    assert store.get("1").due == date(2024, 10, 7)
    assert [row.due for row in store.summaries()][1:] == [STANDARD, STANDARD]  # EIR, FOISA
    assert Store.open(tmp_path / "store").summary("1").due == date(2024, 10, 7)
    with pytest.raises(StoreError, match="not a date"):
        store.set_setting("school_closures", "half term")
    store.set_setting("school_closures", None)
    assert store.summary("1").due == SCHOOL
