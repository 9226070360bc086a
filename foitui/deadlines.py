"""Working days, bank holidays, clock stops and extensions: when a response is due.

Pure functions, no I/O. The statutes define a *working day* as any day other than a Saturday,
a Sunday, Christmas Day, Good Friday or a bank holiday under the Banking and Financial Dealings Act
1971:

- FOIA s.10(6) and EIR reg. 2(1): a bank holiday in **any part of the United Kingdom**, so an
  English council skips St Andrew's Day, St Patrick's Day, 2 January and the Battle of the Boyne.
- FOISA s.73, and EISR reg. 2(1), which gives "working day" the meaning of s.73: a bank holiday
  **in Scotland** only (so Easter Monday is a working day there).

Bank holidays come from the `holidays` package (subdivisions ENG, WLS, SCT and NIR, substitute
days included), which its maintainers keep current with royal proclamations (one-off days such as
the 2023 coronation too); years past the package's range (2100) lose the bank holidays but keep
Christmas Day and Good Friday.

Speed: each law has a table of cumulative working-day counts over a span of years, built lazily and
widened on demand, so every function here is a few list look-ups (100,000 due dates take well under
a second). The table is a memo: results never depend on when or in which order calls are made.
It spans at most `_MAX_TABLE_YEARS`; wider spans (today to a date in year 9999) are counted a
year at a time from per-year counts, in milliseconds. Holidays missing from the disk cache are
asked of the package for a whole span at once and written to the cache in one go.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache, lru_cache
from itertools import accumulate, compress
from types import MappingProxyType

from foitui import holiday_cache
from foitui.kinds import Law
from foitui.law.regimes import LAW_NAMES, REGIMES

STANDARD_DAYS = 20
"""FOIA s.10(1), EIR reg. 5(2), FOISA s.10(1), EISR reg. 5(2)(a): respond within 20 working
days of receipt."""
EIR_EXTENDED_DAYS = 40
"""EIR reg. 7(1): 40 working days when the request is complex and voluminous; EISR reg. 7(1):
40 when its volume and complexity make the 20 impracticable."""
PIT_MAX_EXTRA_DAYS = 20
"""FOIA s.10(3): a 'reasonable' extension to consider the public interest; the ICO expects at
most 20 more working days save in exceptional cases (FOIA s.10(5) allows regulations to set a
cap; none have been made). Longer is allowed, with a warning."""
PIT_TYPO_GUARD_DAYS = 60
"""The longest public interest extension recorded: a guard against typing mistakes (200 for
20), not a rule of law."""

RECEIPT_DAYS: Mapping[str, str] = MappingProxyType(
    {
        "ico": "the day a request arrives is the date of receipt, working day or not; day 1 is "
        "the first working day after it (FOIA s.10(6); ICO, time limits for compliance)",
        "code2018": "a request arriving on a non-working day is received on the next working "
        "day; day 1 is the working day after that (s.45 code of practice, 2018, para 4.2)",
    }
)
"""How the date of receipt is fixed (the store setting `receipt_day`, default `ico`).

FOIA s.10(6) makes the date of receipt "the day on which the public authority receives the
request", not a working day, and the ICO's guidance (time limits for compliance under FOIA,
section 10: requests received on non-working days) counts the first working day after it as day 1.
The final 2018 s.45 code of practice (para 4.2) instead treats a request arriving on a
non-working day as received on the next working day, so day 1 is a working day later (FOIMan,
"It's about time", foiman.com/archives/2958, on the change from the draft). Some bodies follow the
code; the setting chooses."""
DEFAULT_RECEIPT_DAY = "ico"

COST_LIMIT_HOURS: Mapping[str, int] = MappingProxyType({"local": 18, "central": 24})
"""The appropriate limit of FOIA s.12 in staff hours (Fees Regulations 2004, reg. 3 and 4(4)):
£450 for local authorities and other bodies, £600 for central government and Parliament."""
HOURLY_RATE = 25
"""Fees Regulations 2004, reg. 4(4): staff time is costed at £25 an hour."""
AGGREGATION_WINDOW_DAYS = 60
"""Fees Regulations 2004, reg. 5: requests in any 60 consecutive working days may be aggregated."""

# Each law's facts come from its regime (foitui.law.regimes); these views keep the lines below
# short. EISR reg. 2(1) gives "working day" FOISA s.73's meaning: Scottish bank holidays only.
_SUBDIVISIONS: Mapping[Law, tuple[str, ...]] = MappingProxyType(
    {law: r.subdivisions for law, r in REGIMES.items()}
)
_REGION_NAMES = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
_LAW_NAMES = LAW_NAMES
_TIME_LIMIT = {law: r.time_limit for law, r in REGIMES.items()}
_CLARIFICATION = {law: r.clarification for law, r in REGIMES.items()}
_FEES = {law: r.fees for law, r in REGIMES.items()}
_EXTENSION = {law: r.extension for law, r in REGIMES.items()}
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- bank holidays ------------------------------------------------------------------------------


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm, as in Meeus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def holiday_names(year: int, law: Law) -> Mapping[date, str]:
    """The holidays of `year` that are not working days under `law`, by date, with their names.

    Values name the holiday; for FOIA and EIR a holiday of only some parts of the UK says where,
    e.g. ``"Saint Andrew's Day (Scotland)"``. Christmas Day and Good Friday are always included
    (FOIA s.10(6), EIR reg. 2(1), FOISA s.73). Weekend dates may appear (a holiday that falls on a
    Saturday, with its substitute Monday alongside).
    """
    law = Law(law)
    cached = holiday_cache.get(law.value, year)
    if cached is None:
        named = _fetch_years(law, year, year).get(year) or _statutory_days(year)
    else:
        named = {date.fromisoformat(day): name for day, name in cached.items()}
    return MappingProxyType(dict(sorted(named.items())))


@cache
def _package_years() -> range:
    """The years the holidays package knows; asking it about others costs time, gives nothing."""
    # Imported here, not at the top: the package takes a while to load, and is needed only
    # when the on-disk cache (holiday_cache) has no answer.
    import holidays

    first = getattr(holidays.UnitedKingdom, "start_year", 1872)
    return range(first, getattr(holidays.UnitedKingdom, "end_year", 2100) + 1)


def _fetch_years(law: Law, first: int, last: int) -> dict[int, dict[date, str]]:
    """The holidays of the years ``first..last`` that the disk cache lacks, from the package.

    One package call per part of the UK for the whole span and one write of the cache file:
    asking year by year rewrote the growing cache file on every year, which made a far date
    (``foitui due 9999-06-01``) take a minute. Years outside the package's range are left out
    (they have only Christmas Day and Good Friday, worked out in no time and not worth a cache
    entry).
    """
    missing = [y for y in range(first, last + 1) if holiday_cache.get(law.value, y) is None]
    if not missing:
        return {}
    known = _package_years()
    wanted = [year for year in missing if year in known]
    if not wanted:
        return {}
    import holidays

    subdivisions = _SUBDIVISIONS[law]
    span = range(min(wanted), max(wanted) + 1)
    regions: dict[int, dict[date, dict[str, list[str]]]] = {year: {} for year in wanted}
    for subdiv in subdivisions:
        calendar = holidays.country_holidays("GB", subdiv=subdiv, years=span, language="en_GB")
        for day, names in calendar.items():
            by_day = regions.get(day.year)
            if by_day is None:
                continue
            for name in names.split("; "):
                by_day.setdefault(day, {}).setdefault(name, []).append(subdiv)
    fetched: dict[int, dict[date, str]] = {}
    for year, by_day in regions.items():
        named = {
            day: "; ".join(_where(name, subdivs, subdivisions) for name, subdivs in by_name.items())
            for day, by_name in sorted(by_day.items())
        }
        for day, name in _statutory_days(year).items():
            named.setdefault(day, name)
        fetched[year] = named
    holiday_cache.put_many(
        law.value,
        {year: {d.isoformat(): n for d, n in named.items()} for year, named in fetched.items()},
    )
    return fetched


def _statutory_days(year: int) -> dict[date, str]:
    """Christmas Day and Good Friday: never working days, whatever the bank holidays."""
    return {
        date(year, 12, 25): "Christmas Day",
        easter_sunday(year) - timedelta(days=2): "Good Friday",
    }


def _where(name: str, subdivs: list[str], everywhere: tuple[str, ...]) -> str:
    """``name`` followed by the parts of the UK that keep it, unless all of them do."""
    if len(subdivs) == len(everywhere):
        return name
    if set(subdivs) == {"ENG", "WLS"}:
        return f"{name} (England and Wales)"
    return f"{name} ({', '.join(_REGION_NAMES[s] for s in subdivs)})"


@cache
def bank_holidays(year: int, law: Law) -> frozenset[date]:
    """The dates of `holiday_names(year, law)` as a set."""
    return frozenset(holiday_names(year, law))


def holiday_name(d: date, law: Law) -> str | None:
    """The name of the holiday on `d` for `law`, or None when `d` is not one."""
    return holiday_names(d.year, law).get(d)


# --- the working-day table ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
    """Working days of one law over whole years ``first_year..last_year``.

    ``cumulative[i]`` is the number of working days from the table's first day up to and including
    the day ``i`` days later; ``days`` lists the working days as ordinals, so that the k-th working
    day of the table (0-based) is ``days[k]``.
    """

    first_year: int
    last_year: int
    origin: int
    working: bytes
    cumulative: list[int]
    days: list[int]

    def covers(self, ordinal: int) -> bool:
        return 0 <= ordinal - self.origin < len(self.working)


_tables: dict[Law, _Table] = {}
_tables_lock = threading.Lock()
_MARGIN_YEARS = 2
_MAX_TABLE_YEARS = 160
"""The widest table kept (about 58,000 days, built in a few milliseconds). Wider spans, such as
the working days from today to a date in year 9999, are counted a year at a time instead
(`_by_years`): a table over eight thousand years took a minute and hundreds of megabytes."""


def _build(law: Law, first_year: int, last_year: int) -> _Table:
    origin = date(first_year, 1, 1).toordinal()
    end = date(last_year, 12, 31).toordinal()
    working = bytearray(b"\x01") * (end - origin + 1)
    # date.fromordinal(1) is a Monday, so ordinal % 7 is 6 on Saturdays and 0 on Sundays.
    for weekend in (6, 0):
        first = (weekend - origin) % 7
        working[first::7] = bytes(len(range(first, len(working), 7)))
    _fetch_years(law, first_year, last_year)  # one package call and one cache write for all
    for year in range(first_year, last_year + 1):
        for d in bank_holidays(year, law):
            working[d.toordinal() - origin] = 0
    return _Table(
        first_year,
        last_year,
        origin,
        bytes(working),
        list(accumulate(working)),
        list(compress(range(origin, end + 1), working)),
    )


def _table(law: Law, first_year: int, last_year: int) -> _Table | None:
    """The table for `law`, widened if need be to cover the years ``first_year..last_year``.

    None when those years are more than `_MAX_TABLE_YEARS`: the caller counts by years. A
    table that would grow past that size is replaced by one around the years asked for.
    """
    with _tables_lock:
        table = _tables.get(law)
        if table is not None and table.first_year <= first_year and last_year <= table.last_year:
            return table
        lo, hi = first_year - _MARGIN_YEARS, last_year + _MARGIN_YEARS
        if table is not None and max(hi, table.last_year) - min(lo, table.first_year) < (
            _MAX_TABLE_YEARS
        ):
            lo = table.first_year if first_year >= table.first_year else lo
            hi = table.last_year if last_year <= table.last_year else hi
        lo, hi = max(lo, date.min.year), min(hi, date.max.year)
        if hi - lo >= _MAX_TABLE_YEARS:
            return None
        table = _build(law, lo, hi)
        _tables[law] = table
        return table


def _covering(law: Law, first: date, last: date) -> _Table | None:
    """The table for `law`, covering the days `first` to `last` (the hot path: one dict look-up);
    None when they are too far apart for one table."""
    table = _tables.get(law)
    if table is None or not (table.covers(first.toordinal()) and table.covers(last.toordinal())):
        table = _table(Law(law), min(first.year, last.year), max(first.year, last.year))
    return table


# --- counting a year at a time, for spans too wide for a table -----------------------------------


@lru_cache(maxsize=64)
def _year(year: int, law: Law) -> _Table:
    """A table of one year alone."""
    return _build(law, year, year)


@lru_cache(maxsize=65536)
def _year_count(year: int, law: Law) -> int:
    """The number of working days in `year`."""
    weekdays = _weekdays_between(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal())
    known = _package_years()
    if year not in known:
        # Christmas Day and Good Friday alone (Good Friday is always a weekday): no need to
        # build a table of the year, which makes eight thousand years a matter of milliseconds.
        return weekdays - 1 - (date(year, 12, 25).weekday() < 5)
    # A walk over the years asks for many: fetch every year the package knows at once.
    _fetch_years(law, known.start, known.stop - 1)
    return weekdays - sum(d.weekday() < 5 for d in bank_holidays(year, law))


def _weekdays_between(first: int, last: int) -> int:
    """Mondays to Fridays from ordinal `first` to `last`, both included."""
    weeks, rest = divmod(last - first + 1, 7)
    # date.fromordinal(1) is a Monday, so (ordinal - 1) % 7 is the weekday (0 = Monday).
    start = (first - 1) % 7
    return weeks * 5 + sum((start + k) % 7 < 5 for k in range(rest))


def _add_by_years(start: date, n: int, law: Law) -> date:
    """`add_working_days` for a count that runs past what one table holds."""
    year = start.year
    table = _year(year, law)
    i = start.toordinal() - table.origin
    done = table.cumulative[i]
    index = done + n - 1 if n > 0 else done - table.working[i] + n
    while index >= _year_count(year, law):
        index -= _year_count(year, law)
        year += 1
        if year > date.max.year:
            raise CalendarRangeError(f"{n} working days from {start} is outside the calendar")
    while index < 0:
        year -= 1
        if year < date.min.year:
            raise CalendarRangeError(f"{n} working days from {start} is outside the calendar")
        index += _year_count(year, law)
    return date.fromordinal(_year(year, law).days[index])


def _between_by_years(a: date, b: date, law: Law) -> int:
    """`working_days_between` for dates too far apart for one table."""
    if b < a:
        return -_between_by_years(b, a, law)
    first, last = _year(a.year, law), _year(b.year, law)
    return (
        sum(_year_count(year, law) for year in range(a.year, b.year))
        + last.cumulative[b.toordinal() - last.origin]
        - first.cumulative[a.toordinal() - first.origin]
    )


# --- working days -------------------------------------------------------------------------------


class CalendarRangeError(ValueError, OverflowError):
    """A count of working days that runs past 31 December 9999 or before 1 January 1."""


def months_after(day: date, months: int) -> date:
    """The same day `months` calendar months later, or the month's last day when it has no
    such day (31 Aug + 6 months is 28 or 29 Feb): how "three months" and "six months" in
    the Acts are counted."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def is_working_day(d: date, law: Law) -> bool:
    """False on Saturdays, Sundays, Christmas Day, Good Friday and bank holidays of `law`."""
    table = _covering(law, d, d) or _year(d.year, Law(law))
    return bool(table.working[d.toordinal() - table.origin])


def add_working_days(start: date, n: int, law: Law) -> date:
    """The n-th working day after `start` (day 1 is the first working day after `start`).

    ``n == 0`` gives `start` itself; a negative `n` counts back: -1 is the last working day before
    `start`.
    """
    if n == 0:
        return start
    ordinal = start.toordinal()
    table = _tables.get(law)
    if table is None or not 0 <= ordinal - table.origin < len(table.working):
        table = _covering(law, start, start)
    while table is not None:
        i = ordinal - table.origin
        done = table.cumulative[i]  # working days up to and including start
        index = done + n - 1 if n > 0 else done - table.working[i] + n
        if 0 <= index < len(table.days):
            return date.fromordinal(table.days[index])
        # A year has at least 248 working days (under FOIA, in a year with a one-off holiday).
        years = 2 + abs(n) // 248
        first, last = (
            (start.year, start.year + years) if n > 0 else (start.year - years, start.year)
        )
        wider = _table(Law(law), max(first, date.min.year), min(last, date.max.year))
        if wider is table:
            break  # cannot grow: the year-by-year count says whether the answer is in the calendar
        table = wider
    return _add_by_years(start, n, Law(law))


def working_days_between(a: date, b: date, law: Law) -> int:
    """Working days after `a` up to and including `b`; negative when `b` is before `a`.

    ``working_days_between(a, add_working_days(a, n, law), law) == n`` for every n, so this is the
    day number of `b` counted from `a` (a date on or after `a` but before day 1 counts 0).
    """
    table = _covering(law, a, b)
    if table is None:
        return _between_by_years(a, b, Law(law))
    return (
        table.cumulative[b.toordinal() - table.origin]
        - table.cumulative[a.toordinal() - table.origin]
    )


def working_days_left(due: date, today: date, law: Law) -> int:
    """Working days from `today` to `due`: 0 on the due day, negative once `today` is past it.

    Counted as `working_days_between(today, due)`; a non-working day after the due date (the
    Saturday after a Friday deadline) gives -1, so an overdue request never reads "0 days left".
    """
    left = working_days_between(today, due, law)
    return min(left, -1) if today > due else left


# --- clock stops and the due date ---------------------------------------------------------------


class StopKind(StrEnum):
    """Why the clock stopped."""

    CLARIFICATION = "clarification"
    """Clarification sought (FOIA s.1(3), EIR reg. 9(2), FOISA s.1(3)): resets the clock."""
    FEES = "fees"
    """Fees notice given (FOIA s.9, EIR reg. 8, FOISA s.9): pauses the clock until paid."""


@dataclass(frozen=True)
class ClockStop:
    """A period in which the clock is stopped: from `start` until `end` (None: still stopped).

    `kind` is ``"clarification"`` (start: clarification sought; end: the reply received) or
    ``"fees"`` (start: fees notice given; end: fee received).
    """

    kind: str
    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        try:
            kind = StopKind(self.kind)
        except ValueError:
            raise ValueError(f"unknown clock stop kind {self.kind!r}") from None
        object.__setattr__(self, "kind", kind)
        if self.end is not None and self.end < self.start:
            raise ValueError(f"clock stop ends ({self.end}) before it starts ({self.start})")


def receipt_date(received: date, law: Law, receipt_day: str = DEFAULT_RECEIPT_DAY) -> date:
    """The date of receipt the clock counts from (see `RECEIPT_DAYS`): the day itself under the
    ICO's reading; under the 2018 code, the next working day when it arrived on another day."""
    if receipt_day not in RECEIPT_DAYS:
        raise ValueError(f"unknown receipt_day {receipt_day!r} (one of {', '.join(RECEIPT_DAYS)})")
    if receipt_day == "code2018" and not is_working_day(received, law):
        return add_working_days(received, 1, law)
    return received


def due_date(
    received: date,
    law: Law,
    *,
    days: int | None = None,
    stops: Sequence[ClockStop] = (),
    extension_days: int = 0,
    extension_notice: date | None = None,
    receipt_day: str = DEFAULT_RECEIPT_DAY,
) -> date | None:
    """The last day for the response, or None while the clock is stopped.

    The limit is 20 working days (FOIA s.10(1), EIR reg. 5(2), FOISA s.10(1), EISR reg. 5(2)(a))
    counted from the first working day after receipt, or `days` working days when given;
    `extension_days` adds more (EIR and EISR reg. 7(1): 20 to reach 40; FOIA s.10(3): a public
    interest test extension, in practice at most `PIT_MAX_EXTRA_DAYS`).

    Clock stops are applied as the statutes say:

    - clarification (FOIA s.1(3) with s.10(6)(b); EIR reg. 9(4); FOISA s.1(3) with s.10(1)(b);
      EISR reg. 9(4)): the date of receipt becomes the day the clarification arrives, so the
      clock **resets** and the full period runs again from the next working day; days that had
      elapsed are lost.
    - fees (FOIA s.10(2); EIR reg. 8; FOISA s.10(3); EISR reg. 8): the working days from the day
      the fees notice is given to the day the fee is received, both included, are disregarded,
      so the clock
      **pauses** and the days that had elapsed still count.

    None means the clock is stopped now: a clarification has been sought and not answered, or a
    fees notice given (before the deadline) and not paid. A fees notice given after the deadline
    does not move it.

    `receipt_day` fixes the date of receipt (`RECEIPT_DAYS`); it applies to a clarification's
    reply too, which s.10(6)(b) makes the date of receipt.
    """
    if extension_days and not extension_in_time(
        received, law, extension_notice, days=days, stops=stops, receipt_day=receipt_day
    ):
        extension_days = 0  # given too late: it does not move the deadline
    total = _total_days(days, extension_days)
    if not stops:
        return add_working_days(receipt_date(received, law, receipt_day), total, law)
    return _run(received, Law(law), total, stops, None, receipt_day)


def extension_in_time(
    received: date,
    law: Law,
    notice: date | None,
    *,
    days: int | None = None,
    stops: Sequence[ClockStop] = (),
    receipt_day: str = DEFAULT_RECEIPT_DAY,
) -> bool:
    """Whether an extension's notice came within the time for compliance, as FOIA s.17(2), EIR
    reg. 7(3) and EISR reg. 7(2) require; an extension noticed later does not move the
    deadline. True when the notice date is not recorded or the clock is stopped."""
    if notice is None:
        return True
    plain = _run(received, Law(law), _total_days(days, 0), stops, None, receipt_day)
    return plain is None or notice <= plain


def _total_days(days: int | None, extension_days: int) -> int:
    total = STANDARD_DAYS if days is None else days
    if total < 1:
        raise ValueError(f"the time limit must be at least one working day, not {total}")
    if extension_days < 0:
        raise ValueError(f"an extension cannot be negative ({extension_days})")
    return total + extension_days


def _run(
    received: date,
    law: Law,
    total: int,
    stops: Sequence[ClockStop],
    notes: list[str] | None,
    receipt_day: str = DEFAULT_RECEIPT_DAY,
) -> date | None:
    """Apply the clock stops in time order; append a line per step to `notes` when given."""
    ordered = sorted(stops, key=lambda stop: (stop.start, stop.kind))
    restart = _restart(receipt_date(received, law, receipt_day), law, total, ordered, notes)
    if restart is not None:  # a reply on a non-working day is received as a request would be
        restart = receipt_date(restart, law, receipt_day)
    if restart is None:
        return None
    return _count_with_pauses(restart, law, total, ordered, notes)


def _restart(
    received: date, law: Law, total: int, ordered: list[ClockStop], notes: list[str] | None
) -> date | None:
    """The date of receipt after clarifications (the last reply wins), or None while awaited.

    Under the EIR and the EISR clarification must be sought within 20 working days of receipt
    (reg. 9(2)): one sought later neither stops nor restarts the clock, and is noted."""
    restart = received
    limit = REGIMES[law].clarification_limit_days
    for stop in ordered:
        if stop.kind is not StopKind.CLARIFICATION:
            continue
        if limit is not None and stop.start > add_working_days(restart, limit, law):
            _note(
                notes,
                f"Clarification sought {fmt(stop.start)}, after the {limit}th working day "
                f"({REGIMES[law].name} reg. 9(2)): it does not stop or restart the clock.",
            )
            continue
        if stop.end is None:
            _note(
                notes,
                f"Clarification sought {fmt(stop.start)}, no reply yet: clock stopped "
                f"({_CLARIFICATION[law]}).",
            )
            return None
        if stop.end > restart:
            restart = stop.end
            _note(
                notes,
                f"Clarification sought {fmt(stop.start)}, received {fmt(stop.end)}: the "
                f"{total} working days start again ({_CLARIFICATION[law]}); day 1 is "
                f"{fmt(add_working_days(restart, 1, law))}.",
            )
    return restart


def _count_with_pauses(
    restart: date, law: Law, total: int, ordered: list[ClockStop], notes: list[str] | None
) -> date | None:
    """The `total`-th working day after `restart`, skipping the working days of fees notices."""
    anchor = restart  # the last day whose working days are used up or disregarded
    remaining = total
    for stop in ordered:
        if stop.kind is not StopKind.FEES or (stop.end is not None and stop.end <= anchor):
            continue
        paused_from = max(stop.start, anchor + timedelta(days=1))
        available = working_days_between(anchor, paused_from - timedelta(days=1), law)
        if remaining <= available:
            _note(notes, f"Fees notice {fmt(stop.start)} came after the deadline: no effect.")
            break
        remaining -= available
        if stop.end is None:
            _note(
                notes,
                f"Fees notice given {fmt(stop.start)}, not yet paid: clock stopped with "
                f"{remaining} working days to go ({_FEES[law]}).",
            )
            return None
        paused = working_days_between(paused_from - timedelta(days=1), stop.end, law)
        anchor = stop.end
        _note(
            notes,
            f"Fees notice given {fmt(stop.start)}, paid {fmt(stop.end)}: {paused} working "
            f"days disregarded, {remaining} to go ({_FEES[law]}).",
        )
    return add_working_days(anchor, remaining, law)


def _note(notes: list[str] | None, line: str) -> None:
    if notes is not None:
        notes.append(line)


def deadline_explanation(
    received: date,
    law: Law,
    *,
    days: int | None = None,
    stops: Sequence[ClockStop] = (),
    extension_days: int = 0,
    extension_notice: date | None = None,
    today: date | None = None,
    receipt_day: str = DEFAULT_RECEIPT_DAY,
    provision: str | None = None,
) -> list[str]:
    """Short lines saying how `due_date` reached its answer, for the request's info panel.

    Takes the same arguments as `due_date`, plus `today` for a closing "N working days left".
    """
    law = Law(law)
    total = _total_days(days, extension_days)
    base = total - extension_days
    limit = _TIME_LIMIT[law] if days is None else (provision or "set by hand")
    lines = [
        f"Received {fmt(received)} under {_LAW_NAMES[law]}: {base} working days ({limit}).",
    ]
    counted_from = receipt_date(received, law, receipt_day)
    if counted_from != received:
        lines.append(
            f"Received on a non-working day: the date of receipt is {fmt(counted_from)}, the "
            "next working day (s.45 code of practice 2018, para 4.2; setting receipt_day)."
        )
    lines.append(
        f"Day 1 is {fmt(add_working_days(counted_from, 1, law))}, the first working day after "
        "receipt."
    )
    if extension_days and not extension_in_time(
        received, law, extension_notice, days=days, stops=stops, receipt_day=receipt_day
    ):
        notice = REGIMES[law].extension_notice or "the time for compliance"
        lines.append(
            f"Extension of {extension_days} working days noticed {fmt(extension_notice)}, after "
            f"the time for compliance ({notice}): it does not move the deadline."
        )
        extension_days = 0
        total = base
    if extension_days:
        lines.append(f"Extended by {extension_days} working days ({_EXTENSION[law]}).")
        if extension_notice is not None:
            lines[-1] = lines[-1][:-1] + f"; notice given {fmt(extension_notice)}."
        if extension_days > PIT_MAX_EXTRA_DAYS:
            lines.append(
                f"More than {PIT_MAX_EXTRA_DAYS} extra working days: the ICO expects a public "
                "interest extension to take no longer than that save in exceptional cases."
            )
    due = _run(received, law, total, stops, lines, receipt_day)
    if due is None:
        lines.append("No due date while the clock is stopped.")
        return lines
    skipped = [
        f"{fmt(d)} {name}" for d, name in _holidays_between(received, due, law) if d.weekday() < 5
    ]
    if skipped:
        lines.append("Not working days: " + "; ".join(skipped) + ".")
    lines.append(f"Due {fmt(due)}.")
    if today is not None:
        lines.append(_left_line(working_days_left(due, today, law)))
    return lines


def _holidays_between(a: date, b: date, law: Law) -> list[tuple[date, str]]:
    return [
        (d, name)
        for year in range(a.year, b.year + 1)
        for d, name in holiday_names(year, law).items()
        if a < d <= b
    ]


def _left_line(left: int) -> str:
    if left > 0:
        return f"{left} working day{'s' if left != 1 else ''} left."
    if left == 0:
        return "Due today."
    return f"Overdue by {-left} working day{'s' if left != -1 else ''}."


def fmt(d: date) -> str:
    """A date as people write it in a letter, locale-independent: ``Fri 2 Jan 2026``."""
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


# --- cost limit and aggregation -----------------------------------------------------------------


def cost_limit_exceeded(hours: float, body: str = "local") -> bool:
    """True when `hours` of staff time cost more than the FOIA s.12 appropriate limit for `body`.

    `body` is ``"local"`` (£450: 18 hours) or ``"central"`` (£600: 24 hours), at £25 an hour
    (Fees Regulations 2004, reg. 3 and 4). Exactly at the limit is not over it.
    """
    try:
        limit = COST_LIMIT_HOURS[body]
    except KeyError:
        raise ValueError(f"body must be one of {sorted(COST_LIMIT_HOURS)}, not {body!r}") from None
    return hours > limit


def within_aggregation_window(a: date, b: date, law: Law) -> bool:
    """True when requests received on `a` and `b` fall within some 60 consecutive working days.

    Fees Regulations 2004, reg. 5(2)(b). A window runs from a working day to the 59th working day
    after it, taking in the days between; the best window for two dates starts on the last working
    day on or before the earlier date, so a Saturday lies inside the windows around it.
    """
    first, last = min(a, b), max(a, b)
    start = first if is_working_day(first, law) else add_working_days(first, -1, law)
    return last <= add_working_days(start, AGGREGATION_WINDOW_DAYS - 1, law)
