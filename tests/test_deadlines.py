"""Due dates on the real calendar. Every expected date was counted by hand against `cal`.

Working days are written ``(n)``, days that do not count ``X``.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from foitui.deadlines import (
    COST_LIMIT_HOURS,
    EIR_EXTENDED_DAYS,
    HOURLY_RATE,
    PIT_MAX_EXTRA_DAYS,
    STANDARD_DAYS,
    ClockStop,
    StopKind,
    add_working_days,
    bank_holidays,
    cost_limit_exceeded,
    deadline_explanation,
    due_date,
    easter_sunday,
    holiday_name,
    is_working_day,
    within_aggregation_window,
    working_days_between,
    working_days_left,
)
from foitui.models import Law

FOI, EIR, FOISA = Law.FOI, Law.EIR, Law.FOISA
UK_WIDE = (FOI, EIR)


def test_constants() -> None:
    assert STANDARD_DAYS == 20
    assert EIR_EXTENDED_DAYS == 40
    assert PIT_MAX_EXTRA_DAYS == 20
    assert COST_LIMIT_HOURS["local"] * HOURLY_RATE == 450
    assert COST_LIMIT_HOURS["central"] * HOURLY_RATE == 600


# --- which days are working days ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "uk_wide", "scotland"),
    [
        (date(2026, 1, 1), False, False),  # New Year's Day
        (date(2026, 1, 2), False, False),  # 2 January: Scotland only, so UK-wide too
        (date(2026, 3, 17), False, True),  # St Patrick's Day (Tue): Northern Ireland only
        (date(2026, 4, 3), False, False),  # Good Friday
        (date(2026, 4, 6), False, True),  # Easter Monday: not a Scottish bank holiday
        (date(2026, 5, 4), False, False),  # early May bank holiday
        (date(2026, 5, 25), False, False),  # spring bank holiday
        (date(2026, 7, 13), False, True),  # Battle of the Boyne: 12 July is a Sunday
        (date(2026, 7, 14), True, True),  # the day after the substitute is a normal Tuesday
        (date(2026, 8, 3), False, False),  # Scotland's summer bank holiday (first Mon of Aug)
        (date(2026, 8, 31), False, True),  # late summer bank holiday (last Mon of Aug), not SCT
        (date(2026, 11, 30), False, False),  # St Andrew's Day (Mon)
        (date(2025, 12, 1), False, False),  # St Andrew's Day 2025 is a Sunday: Monday substitute
        (date(2026, 12, 25), False, False),  # Christmas Day (Fri)
        (date(2026, 12, 28), False, False),  # Boxing Day is a Saturday: Monday 28 Dec substitute
        (date(2026, 12, 29), True, True),
        (date(2027, 1, 4), False, False),  # 2 January 2027 is a Saturday: Scottish substitute
        (date(2023, 5, 8), False, False),  # one-off: Coronation of Charles III
        (date(2026, 11, 27), True, True),  # an ordinary Friday
        (date(2026, 11, 28), False, False),  # Saturday
        (date(2026, 11, 29), False, False),  # Sunday
    ],
)
def test_is_working_day(day: date, uk_wide: bool, scotland: bool) -> None:
    for law in UK_WIDE:
        assert is_working_day(day, law) is uk_wide, (day, law)
    assert is_working_day(day, FOISA) is scotland, day


def test_law_as_plain_string_is_accepted() -> None:
    assert is_working_day(date(2026, 3, 17), "foisa")  # type: ignore[arg-type]
    assert due_date(date(2026, 10, 16), "foi") == date(2026, 11, 13)  # type: ignore[arg-type]


def test_holiday_names_say_where() -> None:
    # The names are the holidays package's; the part of the UK is ours.
    assert holiday_name(date(2026, 11, 30), FOI) == "Saint Andrew's Day (Scotland)"
    assert holiday_name(date(2026, 3, 17), EIR) == "Saint Patrick's Day (Northern Ireland)"
    assert holiday_name(date(2026, 4, 6), FOI) == "Easter Monday (England, Wales, Northern Ireland)"
    assert holiday_name(date(2026, 8, 31), FOI) == (
        "Late Summer Bank Holiday (England, Wales, Northern Ireland)"
    )
    assert holiday_name(date(2026, 11, 30), FOISA) == "Saint Andrew's Day"
    assert holiday_name(date(2026, 12, 25), FOI) == "Christmas Day"
    assert holiday_name(date(2026, 3, 17), FOISA) is None
    assert holiday_name(date(2026, 11, 27), FOI) is None


def test_christmas_and_good_friday_always_count() -> None:
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)
    # Past the holidays package's range there are no bank holidays, but the statutory days stay.
    for law in Law:
        assert bank_holidays(2150, law) >= {date(2150, 12, 25), easter_sunday(2150) - timedelta(2)}


# --- counting -----------------------------------------------------------------------------------


def test_add_working_days() -> None:
    # Fri 16 Oct 2026: Mon 19 (1), Tue 20 (2)
    assert add_working_days(date(2026, 10, 16), 1, FOI) == date(2026, 10, 19)
    assert add_working_days(date(2026, 10, 16), 2, FOI) == date(2026, 10, 20)
    assert add_working_days(date(2026, 10, 16), 0, FOI) == date(2026, 10, 16)
    # Backwards from Mon 5 Jan 2026: Fri 2 (Scotland) and Thu 1 Jan are holidays, so Wed 31 Dec.
    assert add_working_days(date(2026, 1, 5), -1, FOI) == date(2025, 12, 31)
    assert add_working_days(date(2026, 1, 3), -1, FOI) == date(2025, 12, 31)
    assert add_working_days(date(2026, 1, 6), -1, FOI) == date(2026, 1, 5)


def test_working_days_between_is_signed_and_inverts_add() -> None:
    a = date(2026, 11, 9)  # Monday
    assert working_days_between(a, date(2026, 11, 13), FOI) == 4  # Tue, Wed, Thu, Fri
    assert working_days_between(date(2026, 11, 13), a, FOI) == -4
    assert working_days_between(a, a, FOI) == 0
    assert working_days_between(date(2026, 11, 13), date(2026, 11, 15), FOI) == 0  # weekend
    for law in Law:
        for n in (-300, -21, -1, 0, 1, 5, 20, 40, 260, 1000):
            start = date(2026, 12, 24)
            assert working_days_between(start, add_working_days(start, n, law), law) == n


def test_far_dates_widen_the_table() -> None:
    assert due_date(date(1999, 12, 24), FOI) is not None
    assert due_date(date(2090, 6, 1), FOISA) is not None
    assert add_working_days(date(2026, 1, 5), 5000, FOI) > date(2045, 1, 1)
    with pytest.raises(OverflowError):
        add_working_days(date(9999, 12, 1), 40, FOI)


def _forget_calendar(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    """A cold start: an empty holiday cache on disk and nothing remembered in memory."""
    from foitui import deadlines, holiday_cache

    monkeypatch.setenv(holiday_cache.CACHE_DIR_ENV, str(cache_dir))
    monkeypatch.setattr(holiday_cache, "_loaded", None)
    monkeypatch.setattr(deadlines, "_tables", {})
    for memo in (deadlines.holiday_names, deadlines.bank_holidays, deadlines._year):
        memo.cache_clear()
    deadlines._year_count.cache_clear()


@pytest.mark.parametrize("far", [date(9999, 6, 1), date(1, 1, 1), date(1872, 1, 1)])
def test_a_far_date_answers_in_milliseconds(
    far: date, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # `foitui due 9999-06-01` took 50-75 s: the table of working days was widened from today to
    # year 9999 a year at a time, rewriting the growing holiday cache file on every year.
    _forget_calendar(monkeypatch, tmp_path)
    today = date(2026, 12, 7)  # a Monday: counting back from it inverts counting to it
    started = time.perf_counter()
    for law in Law:
        due = due_date(far, law)
        assert due is not None
        left = working_days_left(due, today, law)
        assert working_days_between(today, due, law) == left
        assert add_working_days(today, left, law) == due
    assert time.perf_counter() - started < 1.0  # was a minute; about 0.1 s cold, on a slow day


def test_counting_by_years_agrees_with_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    # Spans wider than one table are counted a year at a time: the same answers, every law,
    # across Christmas, Easter, leap days and the end of the holidays package's range (2100).
    from foitui import deadlines

    rng = random.Random(15)
    for law in Law:
        for _ in range(400):
            a = date(1990, 1, 1) + timedelta(days=rng.randrange(40_000))
            b = date(1990, 1, 1) + timedelta(days=rng.randrange(40_000))
            n = rng.choice([rng.randrange(-4000, 4000), rng.randrange(-30, 30)]) or 1
            table = (add_working_days(a, n, law), working_days_between(a, b, law))
            by_years = (deadlines._add_by_years(a, n, law), deadlines._between_by_years(a, b, law))
            assert by_years == table, (a, b, n, law)
    # ... and they are one calendar: counting forward and back meets at the same days.
    for law in Law:
        start = date(2026, 12, 7)  # a working day (from a Sunday, day -1 is day 0's Friday)
        for n in (2_000_000, -500_000):
            assert working_days_between(start, add_working_days(start, n, law), law) == n
    with pytest.raises(OverflowError):
        add_working_days(date(2026, 12, 6), 3_000_000, FOI)
    with pytest.raises(OverflowError):
        add_working_days(date(2026, 12, 6), -600_000, FOI)


# --- due dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "law", "due"),
    [
        # Fri 16 Oct 2026: Mon 19 - Fri 23 (1-5), 26-30 (6-10), 2-6 Nov (11-15), 9-13 (16-20).
        (date(2026, 10, 16), FOI, date(2026, 11, 13)),
        # Sat 17 and Sun 18 Oct: day 1 is still Monday 19 Oct (ICO LTT47), so the same day.
        (date(2026, 10, 17), FOI, date(2026, 11, 13)),
        (date(2026, 10, 18), FOISA, date(2026, 11, 13)),
        # Mon 19 Oct: day 1 is Tue 20, day 20 is Mon 16 Nov.
        (date(2026, 10, 19), EIR, date(2026, 11, 16)),
        # Christmas 2025/26, Mon 15 Dec 2025: Tue 16 - Fri 19 (1-4), 22-24 (5-7), Thu 25 X,
        # Fri 26 X, 29-31 (8-10), Thu 1 Jan X, Fri 2 Jan X (Scotland), 5-9 (11-15),
        # 12-16 (16-20).
        (date(2025, 12, 15), FOI, date(2026, 1, 16)),
        (date(2025, 12, 15), FOISA, date(2026, 1, 16)),
        # Wed 31 Dec 2025: 1 Jan X, 2 Jan X, weekend; 5-9 Jan (1-5), ..., 26-30 Jan (16-20).
        (date(2025, 12, 31), FOI, date(2026, 1, 30)),
        (date(2025, 12, 31), FOISA, date(2026, 1, 30)),
        # Christmas 2026/27, Fri 11 Dec 2026: 14-18 (1-5), 21-24 (6-9), Fri 25 X, Mon 28 X
        # (Boxing Day substitute), 29-31 (10-12), Fri 1 Jan X, Mon 4 Jan X (Scottish substitute
        # for Sat 2 Jan), 5-8 (13-16), 11-14 (17-20).
        (date(2026, 12, 11), FOI, date(2027, 1, 14)),
        (date(2026, 12, 11), FOISA, date(2027, 1, 14)),
        # Easter 2026, Wed 25 Mar: 26-27 (1-2), 30 Mar - 2 Apr (3-6), Fri 3 X, Mon 6 X,
        # 7-10 (7-10), 13-17 (11-15), 20-24 (16-20).
        (date(2026, 3, 25), FOI, date(2026, 4, 24)),
        (date(2026, 3, 25), EIR, date(2026, 4, 24)),
        # FOISA: Easter Monday works. Mon 6 - Fri 10 (7-11), 13-17 (12-16), 20-23 (17-20).
        (date(2026, 3, 25), FOISA, date(2026, 4, 23)),
        # St Patrick's Day, Mon 16 Mar 2026: Tue 17 X, 18-20 (1-3), 23-27 (4-8), 30 Mar - 2 Apr
        # (9-12), Fri 3 X, Mon 6 X, 7-10 (13-16), 13-16 (17-20).
        (date(2026, 3, 16), FOI, date(2026, 4, 16)),
        # FOISA: Tue 17 - Fri 20 (1-4), 23-27 (5-9), 30 Mar - 2 Apr (10-13), Fri 3 X,
        # 6-10 (14-18), 13-14 (19-20).
        (date(2026, 3, 16), FOISA, date(2026, 4, 14)),
        # Battle of the Boyne, Fri 10 Jul 2026: Mon 13 X, 14-17 (1-4), 20-24 (5-9),
        # 27-31 (10-14), Mon 3 Aug X (Scottish summer holiday), 4-7 (15-18), 10-11 (19-20).
        (date(2026, 7, 10), FOI, date(2026, 8, 11)),
        # FOISA: Mon 13 Jul - 17 (1-5), 20-24 (6-10), 27-31 (11-15), Mon 3 Aug X,
        # 4-7 (16-19), Mon 10 (20).
        (date(2026, 7, 10), FOISA, date(2026, 8, 10)),
        # Late summer (England), Mon 17 Aug 2026: 18-21 (1-4), 24-28 (5-9), Mon 31 X,
        # 1-4 Sep (10-13), 7-11 (14-18), 14-15 (19-20).
        (date(2026, 8, 17), FOI, date(2026, 9, 15)),
        # FOISA: Mon 31 Aug works (10), 1-4 Sep (11-14), 7-11 (15-19), Mon 14 (20).
        (date(2026, 8, 17), FOISA, date(2026, 9, 14)),
        # Early May and spring, Thu 30 Apr 2026: Fri 1 May (1), Mon 4 X, 5-8 (2-5),
        # 11-15 (6-10), 18-22 (11-15), Mon 25 X, 26-29 (16-19), Mon 1 Jun (20).
        (date(2026, 4, 30), FOI, date(2026, 6, 1)),
        (date(2026, 4, 30), FOISA, date(2026, 6, 1)),
        # St Andrew's Day, Fri 20 Nov 2026: 23-27 (1-5), Mon 30 X (for an English council
        # too), 1-4 Dec (6-9), 7-11 (10-14), 14-18 (15-19), Mon 21 (20).
        (date(2026, 11, 20), FOI, date(2026, 12, 21)),
        (date(2026, 11, 20), EIR, date(2026, 12, 21)),
        (date(2026, 11, 20), FOISA, date(2026, 12, 21)),
    ],
)
def test_due_date(received: date, law: Law, due: date) -> None:
    assert due_date(received, law) == due


def test_days_override() -> None:
    # Fri 16 Oct 2026, 5 working days: Mon 19 - Fri 23.
    assert due_date(date(2026, 10, 16), FOI, days=5) == date(2026, 10, 23)
    with pytest.raises(ValueError):
        due_date(date(2026, 10, 16), FOI, days=0)
    with pytest.raises(ValueError):
        due_date(date(2026, 10, 16), FOI, extension_days=-1)


# Mon 2 Mar 2026, no stops: 3-6 (1-4), 9-13 (5-9), Mon 16 (10), Tue 17 X (St Patrick),
# 18-20 (11-13), 23-27 (14-18), Mon 30 (19), Tue 31 Mar (20).
MARCH = date(2026, 3, 2)


def test_eir_extension_to_40_days() -> None:
    assert due_date(MARCH, EIR) == date(2026, 3, 31)
    # On from Tue 31 Mar (20): 1-2 Apr (21-22), Fri 3 X, Mon 6 X, 7-10 (23-26), 13-17 (27-31),
    # 20-24 (32-36), 27-30 (37-40).
    assert due_date(MARCH, EIR, extension_days=20) == date(2026, 4, 30)
    assert due_date(MARCH, EIR, days=EIR_EXTENDED_DAYS) == date(2026, 4, 30)


def test_public_interest_extension() -> None:
    assert due_date(MARCH, FOI, extension_days=PIT_MAX_EXTRA_DAYS) == date(2026, 4, 30)
    # 10 more: 1-2 Apr (21-22), 7-10 (23-26), 13-16 (27-30).
    assert due_date(MARCH, FOI, extension_days=10) == date(2026, 4, 16)


def test_clarification_resets_the_clock() -> None:
    # FOIA s.1(3), s.10(6)(b): sought Mon 9 Mar (day 5), answered Wed 11 Mar 2026. The count
    # starts again: Thu 12 (1), Fri 13 (2), Mon 16 (3), Tue 17 X, 18-20 (4-6), 23-27 (7-11),
    # 30 Mar - 2 Apr (12-15), Fri 3 X, Mon 6 X, 7-10 (16-19), Mon 13 Apr (20).
    stop = ClockStop("clarification", date(2026, 3, 9), date(2026, 3, 11))
    assert due_date(MARCH, FOI, stops=[stop]) == date(2026, 4, 13)
    assert due_date(MARCH, FOI, stops=[stop]) == due_date(date(2026, 3, 11), FOI)


def test_fees_notice_pauses_the_clock() -> None:
    # FOIA s.10(2): notice Mon 9 Mar, paid Wed 11 Mar 2026. Days 1-4 (3-6 Mar) still count;
    # Mon 9, Tue 10, Wed 11 are disregarded; then Thu 12 (5), Fri 13 (6), Mon 16 (7), Tue 17 X,
    # 18-20 (8-10), 23-27 (11-15), 30 Mar - 2 Apr (16-19), Fri 3 X, Mon 6 X, Tue 7 Apr (20).
    stop = ClockStop("fees", date(2026, 3, 9), date(2026, 3, 11))
    assert due_date(MARCH, FOI, stops=[stop]) == date(2026, 4, 7)


def test_fees_notice_and_payment_on_a_weekend() -> None:
    # Notice Fri 6 Mar (day 4 is disregarded), paid Sat 7 Mar: 3 days count (3-5 Mar), then
    # Mon 9 (4) ... the unstopped count shifted by one working day: Wed 1 Apr.
    stop = ClockStop("fees", date(2026, 3, 6), date(2026, 3, 7))
    assert due_date(MARCH, FOI, stops=[stop]) == date(2026, 4, 1)


def test_open_stops_have_no_due_date() -> None:
    assert due_date(MARCH, FOI, stops=[ClockStop("clarification", date(2026, 3, 9))]) is None
    assert due_date(MARCH, FOI, stops=[ClockStop("fees", date(2026, 3, 9))]) is None


def test_fees_notice_after_the_deadline_does_not_move_it() -> None:
    late = ClockStop("fees", date(2026, 4, 1))
    assert due_date(MARCH, FOI, stops=[late]) == date(2026, 3, 31)
    paid = ClockStop("fees", date(2026, 4, 1), date(2026, 4, 2))
    assert due_date(MARCH, FOI, stops=[paid]) == date(2026, 3, 31)


def test_fees_then_clarification_and_the_reverse() -> None:
    fees = ClockStop("fees", date(2026, 3, 4), date(2026, 3, 5))
    clarified = ClockStop("clarification", date(2026, 3, 9), date(2026, 3, 11))
    # The later clarification resets everything that came before it.
    assert due_date(MARCH, FOI, stops=[fees, clarified]) == date(2026, 4, 13)
    # Clarified Wed 11 Mar, then fees notice Mon 16 Mar (day 3), paid Thu 19 Mar: Thu 12 (1),
    # Fri 13 (2), 16-19 disregarded, Fri 20 (3), 23-27 (4-8), 30 Mar - 2 Apr (9-12), 7-10 Apr
    # (13-16), 13-16 Apr (17-20).
    later_fees = ClockStop("fees", date(2026, 3, 16), date(2026, 3, 19))
    assert due_date(MARCH, FOI, stops=[later_fees, clarified]) == date(2026, 4, 16)


def test_fees_pause_with_extension() -> None:
    # 40 days (EIR reg. 7) from the fees example: Tue 7 Apr (20), 8-10 (21-23), 13-17 (24-28),
    # 20-24 (29-33), 27-30 (34-37), Fri 1 May (38), Mon 4 May X, 5-6 May (39-40).
    stop = ClockStop("fees", date(2026, 3, 9), date(2026, 3, 11))
    assert due_date(MARCH, EIR, stops=[stop], extension_days=20) == date(2026, 5, 6)


def test_clock_stop_validation() -> None:
    assert ClockStop("fees", date(2026, 3, 9)).kind is StopKind.FEES
    with pytest.raises(ValueError):
        ClockStop("holiday", date(2026, 3, 9))
    with pytest.raises(ValueError):
        ClockStop("fees", date(2026, 3, 9), date(2026, 3, 8))


# --- days left ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "left"),
    [
        (date(2026, 11, 8), 5),  # Sunday: Mon-Fri to go
        (date(2026, 11, 9), 4),  # Monday: Tue-Fri
        (date(2026, 11, 13), 0),  # due today
        (date(2026, 11, 14), -1),  # Saturday after: overdue, never "0 left"
        (date(2026, 11, 16), -1),  # Monday after: one working day late
        (date(2026, 11, 17), -2),
    ],
)
def test_working_days_left(today: date, left: int) -> None:
    assert working_days_left(date(2026, 11, 13), today, FOI) == left


# --- explanation --------------------------------------------------------------------------------


def test_deadline_explanation_mentions_every_step() -> None:
    stop = ClockStop("fees", date(2026, 3, 9), date(2026, 3, 11))
    lines = deadline_explanation(MARCH, FOI, stops=[stop], today=date(2026, 4, 6))
    text = "\n".join(lines)
    assert lines[0].startswith("Received Mon 2 Mar 2026 under FOIA: 20 working days")
    assert "Day 1 is Tue 3 Mar 2026" in text
    assert "3 working days disregarded" in text
    assert "s.10(2)" in text
    assert "Tue 17 Mar 2026 Saint Patrick's Day (Northern Ireland)" in text
    assert "Fri 3 Apr 2026 Good Friday" in text
    assert lines[-2] == "Due Tue 7 Apr 2026."
    assert lines[-1] == "1 working day left."


def test_deadline_explanation_for_open_clarification() -> None:
    stop = ClockStop("clarification", date(2026, 3, 9))
    lines = deadline_explanation(MARCH, FOISA, stops=[stop])
    assert any("no reply yet" in line for line in lines)
    assert lines[-1] == "No due date while the clock is stopped."


def test_deadline_explanation_with_extension_and_reset() -> None:
    stop = ClockStop("clarification", date(2026, 3, 9), date(2026, 3, 11))
    lines = deadline_explanation(MARCH, EIR, stops=[stop], extension_days=20)
    text = "\n".join(lines)
    assert "reg. 7(1)" in text
    assert "reg. 9(4)" in text
    assert "the 40 working days start again" in text
    assert lines[-1].startswith("Due ")


# --- cost limit and aggregation -----------------------------------------------------------------


def test_cost_limit() -> None:
    assert not cost_limit_exceeded(18)
    assert cost_limit_exceeded(18.5)
    assert not cost_limit_exceeded(24, "central")
    assert cost_limit_exceeded(24.25, "central")
    with pytest.raises(ValueError):
        cost_limit_exceeded(1, "parish")


def test_aggregation_window() -> None:
    # From Mon 5 Jan 2026 (0): 6-9 Jan (4), 12-16 (9), 19-23 (14), 26-30 (19), 2-6 Feb (24),
    # 9-13 (29), 16-20 (34), 23-27 (39), 2-6 Mar (44), 9-13 (49), Mon 16 (50), Tue 17 X,
    # 18-20 (53), 23-27 (58), Mon 30 Mar (59): the 60th day of the window.
    jan = date(2026, 1, 5)
    assert within_aggregation_window(jan, date(2026, 3, 30), FOI)
    assert not within_aggregation_window(jan, date(2026, 3, 31), FOI)
    assert within_aggregation_window(date(2026, 3, 30), jan, FOI)  # order does not matter
    # Under FOISA St Patrick's Day works, so the 60th day is Fri 27 Mar.
    assert within_aggregation_window(jan, date(2026, 3, 27), FOISA)
    assert not within_aggregation_window(jan, date(2026, 3, 30), FOISA)
    # Sat 3 Jan lies between Wed 31 Dec (the last working day before) and Mon 5 Jan, so its
    # window starts on Wed 31 Dec and ends one working day earlier, on Fri 27 Mar.
    assert within_aggregation_window(date(2026, 1, 3), date(2026, 3, 27), FOI)
    assert not within_aggregation_window(date(2026, 1, 3), date(2026, 3, 30), FOI)


# --- speed --------------------------------------------------------------------------------------


def test_100k_due_dates_well_under_a_second() -> None:
    days = [date(2015, 1, 1) + timedelta(days=i % 4000) for i in range(100_000)]
    due_date(days[0], FOI)  # build the table once, as the first call of a session would
    started = time.perf_counter()
    for day in days:
        due_date(day, FOI)
    assert time.perf_counter() - started < 1.0
