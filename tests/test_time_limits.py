"""Time limits other than 20 working days, by body type (store setting, per-request override).

Sources (each checked on legislation.gov.uk or as stated):
- SI 2004/3364 (Freedom of Information (Time for Compliance with Request) Regulations 2004)
  reg. 3(2): for the governing body of a maintained school, the 20th working day disregarding
  days that are not school days, or the 60th working day, whichever occurs first.
- SI 2010/2768: academies given the same time (CFOI, "Lords approves FOI (Time for Compliance
  with Request) Regulations 2010"; the minister's statement in the Lords).
- FOISA s.10, Explanatory Notes para 46: the Keeper of the Records of Scotland, for a request
  considered under s.22, responds by the 30th working day.
- SI 2004/3364 reg. 5: armed forces operations: a day the Information Commissioner specifies, up
  to the 60th working day; not a body type, so refused as one.
- Not confirmed here, so not built: reg. 4 (archives holding transferred public records) and
  reg. 6 (information held outside the UK).
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
from foitui.law.time_limits import check_body_type, days_for, time_limit
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


def test_days_by_body_type_and_law() -> None:
    assert days_for(Law.FOI, "school") == 60  # SI 2004/3364 reg. 3(2)(b), the outer limit
    assert days_for(Law.FOI, "academy") == 60  # SI 2010/2768
    assert days_for(Law.FOISA, "keeper") == 30  # FOISA s.10
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


def test_unconfirmed_and_not_body_types_are_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match=r"reg\. 4"):
        check_body_type("archive")
    with pytest.raises(ValueError, match=r"reg\. 6"):
        check_body_type("outside_uk")
    with pytest.raises(ValueError, match="Information Commissioner specifies"):
        check_body_type("armed_forces")
    with pytest.raises(ValueError, match="one of standard, school, academy, keeper"):
        check_body_type("hospital")
    assert check_body_type(" School ") == "school"


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
    with pytest.raises(StoreError, match=r"reg\. 4"):
        store.set_setting("body_type", "archive")


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
    assert main(["--store", root, "set", "1", "--body-type", "archive"]) == 2
    assert "--body-type: archive" in capsys.readouterr().err
    assert main(["--store", root, "settings", "body_type", "outside_uk"]) == 1
    assert "reg. 6" in capsys.readouterr().err
