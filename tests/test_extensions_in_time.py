"""Extensions and clarifications out of time.

- FOIA s.10(3): a public interest extension of "such time as is reasonable": allowed past 20
  working days, with a warning (the ICO expects no more than 20 save in exceptional cases).
- FOIA s.17(2), EIR reg. 7(3), EISR reg. 7(2): the notice of an extension must be given within
  the time for compliance; one given later does not move the deadline, and is flagged.
- EIR and EISR reg. 9(2): clarification must be sought within 20 working days of receipt; one
  sought later neither stops nor restarts the clock. FOIA s.1(3) and FOISA s.1(3) set no limit.

Received Mon 2 Nov 2026 throughout: day 20 is Tue 1 Dec (St Andrew's Day, Mon 30 Nov, is not a
working day under any of the four laws).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from foitui import deadlines
from foitui.cli import main
from foitui.deadlines import ClockStop
from foitui.models import Law
from tests.conftest import make_request

RECEIVED = date(2026, 11, 2)


def test_public_interest_extension_past_twenty_days() -> None:
    # 25 more after Tue 1 Dec: 2-4 Dec (3), 7-11 (8), 14-18 (13), 21-24 (17), Christmas X,
    # Boxing Day substitute Mon 28 X, 29-31 (20), New Year's Day X, 4 Jan X (2 January's
    # Scottish substitute, a UK bank holiday for FOIA s.10(6)), 5-8 Jan (24), Mon 11 Jan (25).
    assert deadlines.due_date(RECEIVED, Law.FOI, extension_days=25) == date(2027, 1, 11)
    lines = deadlines.deadline_explanation(RECEIVED, Law.FOI, extension_days=25)
    assert any("More than 20 extra working days" in line for line in lines)


def test_extension_noticed_in_time_moves_the_deadline() -> None:
    # EIR reg. 7(3): notice by the 20th working day (Tue 1 Dec): 40 working days, Thu 31 Dec.
    due = deadlines.due_date(
        RECEIVED, Law.EIR, extension_days=20, extension_notice=date(2026, 12, 1)
    )
    assert due == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("law", "provision"), [(Law.EIR, "EIR reg. 7(3)"), (Law.EISR, "EISR reg. 7(2)")]
)
def test_extension_noticed_late_does_not_move_it(law: Law, provision: str) -> None:
    kwargs = {"extension_days": 20, "extension_notice": date(2026, 12, 3)}
    assert deadlines.due_date(RECEIVED, law, **kwargs) == date(2026, 12, 1)  # type: ignore[arg-type]
    lines = deadlines.deadline_explanation(RECEIVED, law, **kwargs)  # type: ignore[arg-type]
    assert any("does not move the deadline" in line and provision in line for line in lines)


def test_foia_pit_notice_late() -> None:
    # FOIA s.17(2): the refusal notice saying the public interest is still being considered
    # must come within the 20 working days.
    due = deadlines.due_date(
        RECEIVED, Law.FOI, extension_days=10, extension_notice=date(2026, 12, 2)
    )
    assert due == date(2026, 12, 1)


@pytest.mark.parametrize("law", [Law.EIR, Law.EISR])
def test_late_clarification_under_the_regulations_is_ignored(law: Law) -> None:
    # reg. 9(2): sought Wed 2 Dec, after day 20: no stop, no reset; still due Tue 1 Dec.
    late = [ClockStop("clarification", date(2026, 12, 2))]
    assert deadlines.due_date(RECEIVED, law, stops=late) == date(2026, 12, 1)
    lines = deadlines.deadline_explanation(RECEIVED, law, stops=late)
    assert any("does not stop or restart the clock" in line for line in lines)
    # Sought in time (Fri 20 Nov), answered Wed 25 Nov: 20 working days afresh from Thu 26 Nov:
    # 26-27 Nov (2), 30 Nov X, 1-4 Dec (6), 7-11 (11), 14-18 (16), 21-24 Dec (20).
    in_time = [ClockStop("clarification", date(2026, 11, 20), date(2026, 11, 25))]
    assert deadlines.due_date(RECEIVED, law, stops=in_time) == date(2026, 12, 24)


def test_foia_sets_no_limit_on_seeking_clarification() -> None:
    # FOIA s.1(3): no time limit for asking (the ICO asks for it promptly): the clock stops.
    late = [ClockStop("clarification", date(2026, 12, 2))]
    assert deadlines.due_date(RECEIVED, Law.FOI, stops=late) is None


def test_store_records_the_notice_date(make_store) -> None:
    store = make_store([make_request(1, received="2026-11-02", law=Law.EIR)])
    store.set_extension("1", 20, "eir", date(2026, 12, 3))
    assert store.triage_doc("1")["extension_notice"] == "2026-12-03"
    assert store.summary("1").due == date(2026, 12, 1)  # late: the deadline stands
    store.set_extension("1", 20, "eir", date(2026, 11, 30))
    assert store.summary("1").due == date(2026, 12, 31)
    store.set_extension("1", 0, "eir")
    assert store.triage_doc("1").get("extension_notice") is None


def test_cli_extend_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "REF\tLAW\tRECEIVED\tREQUEST\tRESPONSE\n"
        "FOI/1\tfoi\t2026-11-02\t<p>1. Grit bins?</p>\t\n"
        "EIR/2\teir\t2026-11-02\t<p>1. Air quality?</p>\t\n",
        encoding="utf-8",
    )
    store = str(tmp_path / "store")
    assert main(["import", str(corpus), "--store", store]) == 0
    capsys.readouterr()
    assert main(["extend", "1", "--days", "25", "--reason", "pit", "--store", store]) == 0
    out = capsys.readouterr()
    assert "1: due 2027-01-11" in out.out and "warning" in out.err
    args = ["extend", "2", "--days", "20", "--reason", "eir", "--notice", "2026-12-03"]
    assert main([*args, "--store", store]) == 0
    out = capsys.readouterr()
    assert "2: due 2026-12-01" in out.out and "does not move the deadline" in out.err


def test_late_clarification_leaves_the_request_running(make_store) -> None:
    # EIR reg. 9(2): sought after day 20, the clarification does not stop the clock, so the
    # request is not "waiting for clarification" either (status and clock agree).
    from foitui.kinds import Status

    store = make_store([make_request(1, received="2026-11-02", law=Law.EIR)])
    store.start_stop("1", "clarification", date(2026, 12, 2))
    row = store.summary("1")
    assert row.due == date(2026, 12, 1) and row.status is not Status.WAITING_CLARIFICATION
    store.end_stop("1", "clarification", date(2026, 12, 3))
    store.start_stop("1", "clarification", date(2026, 12, 4))
    assert store.summary("1").due == date(2026, 12, 1)
