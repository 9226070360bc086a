"""Time limits other than 20 working days, by the kind of body that holds the request.

The body type is a store setting (`foitui settings body_type TYPE`) with a per-request override
(`foitui set ID --body-type TYPE`). Only limits confirmed in the legislation are built:

- `school`: the governing body of a maintained school or maintained nursery school (and schools
  maintained by the Secretary of State for Defence): the 20th working day disregarding days that
  are not school days, or the 60th working day, whichever comes first (Freedom of Information
  (Time for Compliance with Request) Regulations 2004, SI 2004/3364, reg. 3(2)).
- `academy`: academies, given the same time by the Freedom of Information (Time for Compliance
  with Request) Regulations 2010 (SI 2010/2768; CFOI, "Lords approves FOI (Time for Compliance
  with Request) Regulations 2010", and the minister's statement in the Lords debate).
  The days the school is not in session (holidays, closure days) are the store setting
  `school_closures`; with it foitui counts the 20th school day and takes the earlier date.
  Without it foitui counts 60 working days, the latest the response can be due, and says so:
  when the school is in session the 20th school day comes first and the response is due
  earlier.
- `keeper`: the Keeper of the Records of Scotland, for a request that falls to be considered
  under FOISA s.22 (transferred records): 30 working days (FOISA s.10; Explanatory Notes to the
  Act, para 46).

The EIR and the EISR have no such variations: a body type changes nothing under them. A school
or academy limit applies under FOIA only (the 2004 and 2010 Regulations are made under FOIA
s.10(4)); the Keeper's under FOISA only.

- `archive`: an appropriate records authority or place of deposit answering for information
  in a transferred public record that is not designated open information: 30 working days
  (SI 2004/3364 reg. 4; ICO, "Time limits for compliance under the FOIA (section 10)", part
  "Variations which may be applied without permission from the Information Commissioner:
  information contained in public records"; Shepherd and Wedderburn, "FOI time limits extended
  for schools and armed forces": "a further ten day extension ... for records held in the
  national archives ... not designated as open information"). For open information the 20 days
  stand: set that request's own body type to `standard`.

Armed forces operations (reg. 5) and information held outside the UK (reg. 6) are not body
types: the limit is "such day ... as the Commissioner may specify", no later than the 60th
working day, on the authority's application (ICO, same guidance, "Variations requiring the
Information Commissioner's prior consent"). The day is recorded on the request
(`foitui set ID --specified-day DATE`) and counts under FOIA only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from types import MappingProxyType

from foitui import deadlines
from foitui.kinds import Law


@dataclass(frozen=True, slots=True)
class TimeLimit:
    law: Law
    days: int
    provision: str
    note: str = ""


_SCHOOL_NOTE = (
    "the earlier of the 20th school day and the 60th working day: foitui has no term dates, so "
    "this is the 60th working day; in term time the response is due sooner (set the store's "
    "school_closures to count school days)"
)
_SCHOOL_DAYS = 20
"""SI 2004/3364 reg. 3(2)(a): the 20th working day, disregarding days that are not school days."""

Closures = tuple[tuple[date, date], ...]
"""Days a school is not in session, as (first, last) ranges: the `school_closures` setting."""

BODY_TYPES: Mapping[str, TimeLimit | None] = MappingProxyType(
    {
        "standard": None,
        "school": TimeLimit(Law.FOI, 60, "SI 2004/3364 reg. 3", _SCHOOL_NOTE),
        "academy": TimeLimit(Law.FOI, 60, "SI 2010/2768 (as SI 2004/3364 reg. 3)", _SCHOOL_NOTE),
        "archive": TimeLimit(
            Law.FOI,
            30,
            "SI 2004/3364 reg. 4: a transferred public record",
            "for information not designated open information; for open information set this "
            "request's body type to standard (20 working days)",
        ),
        "keeper": TimeLimit(
            Law.FOISA, 30, "FOISA s.10: the Keeper of the Records of Scotland (s.22 records)"
        ),
    }
)
"""Each body type and its time limit (None: the law's own 20 working days)."""

SCHOOLS = frozenset({"school", "academy"})
"""Body types whose limit counts school days (SI 2004/3364 reg. 3; SI 2010/2768)."""

NOT_BODY_TYPES: Mapping[str, str] = MappingProxyType(
    {
        name: f"{what} (SI 2004/3364 reg. {reg}): the day is one the Information Commissioner "
        "specifies, up to the 60th working day, not a body type; record it on the request with "
        "`foitui set ID --specified-day DATE`"
        for name, what, reg in (
            ("armed_forces", "armed forces operations", 5),
            ("outside_uk", "information held outside the UK", 6),
        )
    }
)

SPECIFIED_MAX_DAYS = 60
"""SI 2004/3364 reg. 5 and 6: the Commissioner may specify a day no later than the 60th working
day following the date of receipt."""
SPECIFIED_PROVISION = (
    "SI 2004/3364 reg. 5 or 6 (armed forces operations, information held outside the UK): "
    "the day the Information Commissioner specified"
)


def check_body_type(value: str) -> str:
    """The body type, lower-cased; ValueError (its text reaches the user) for any other."""
    body_type = value.strip().lower()
    if body_type in BODY_TYPES:
        return body_type
    if body_type in NOT_BODY_TYPES:
        raise ValueError(f"{body_type}: {NOT_BODY_TYPES[body_type]}")
    raise ValueError(f"body type is one of {', '.join(BODY_TYPES)}, not {value!r}")


def time_limit(law: Law, body_type: str | None) -> TimeLimit | None:
    """The limit a body of `body_type` has under `law`; None: the law's own 20 working days."""
    limit = BODY_TYPES.get(body_type or "standard")
    if limit is None or limit.law != Law(law):
        return None
    return limit


def days_for(law: Law, body_type: str | None) -> int | None:
    """`days` for deadlines.due_date: None for the standard 20."""
    limit = time_limit(law, body_type)
    return limit.days if limit else None


def specified_days(
    received: date, law: Law, day: date, receipt_day: str = deadlines.DEFAULT_RECEIPT_DAY
) -> int:
    """The working day number of a day the Commissioner specified (SI 2004/3364 reg. 5, 6),
    counted from the date of receipt; ValueError (its text reaches the user) when the request's
    law has no such day or the day is out of the range the Regulations allow."""
    if Law(law) is not Law.FOI:
        raise ValueError(
            "a day specified by the Information Commissioner is a FOIA provision "
            f"(SI 2004/3364 reg. 5 and 6); a {Law(law).name} request has none"
        )
    number = deadlines.working_days_between(
        deadlines.receipt_date(received, law, receipt_day), day, law
    )
    if number > SPECIFIED_MAX_DAYS:
        raise ValueError(
            f"{day.isoformat()} is working day {number} after receipt: the Commissioner may "
            f"specify no later than the {SPECIFIED_MAX_DAYS}th (SI 2004/3364 reg. 5 and 6)"
        )
    if number <= 20:
        raise ValueError(
            f"{day.isoformat()} is working day {number} after receipt: a specified day extends "
            "the 20 working days, so it falls after the 20th"
        )
    return number


def limit_for(
    law: Law,
    body_type: str | None,
    received: date | None,
    specified_day: date | None,
    receipt_day: str = deadlines.DEFAULT_RECEIPT_DAY,
    school_closures: Closures = (),
) -> TimeLimit | None:
    """The request's own time limit: the day the Commissioner specified when one is recorded
    (and still valid for the request's law and receipt), else its body type's, school days
    counted when the school's closures are known; None: the law's own 20 working days."""
    if specified_day is not None and received is not None:
        try:
            days = specified_days(received, law, specified_day, receipt_day)
        except ValueError:
            pass  # the law or the receipt changed since: the specified day no longer applies
        else:
            return TimeLimit(Law.FOI, days, SPECIFIED_PROVISION)
    limit = time_limit(law, body_type)
    if limit is not None and school_closures and received is not None and body_type in SCHOOLS:
        days = school_limit(received, law, school_closures, receipt_day)
        if body_type == "academy":  # the 2010 Regulations give academies the same time
            return TimeLimit(Law.FOI, days.days, limit.provision, days.note)
        return days
    return limit


def parse_closures(text: str) -> Closures:
    """`school_closures` as written ("2026-12-21..2027-01-01, 2027-02-15"): date ranges (or
    single days) separated by commas. ValueError (its text reaches the user) on any other."""
    ranges = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        first, _, last = part.partition("..")
        try:
            start = date.fromisoformat(first.strip())
            end = date.fromisoformat(last.strip()) if last else start
        except ValueError:
            raise ValueError(
                f"school_closures: {part!r} is not a date or a range YYYY-MM-DD..YYYY-MM-DD"
            ) from None
        if end < start:
            raise ValueError(f"school_closures: {part!r} ends before it starts")
        ranges.append((start, end))
    return tuple(sorted(ranges))


@lru_cache(maxsize=4096)
def school_limit(
    received: date,
    law: Law,
    closures: Closures,
    receipt_day: str = deadlines.DEFAULT_RECEIPT_DAY,
) -> TimeLimit:
    """SI 2004/3364 reg. 3(2): the 20th working day that is a school day, or the 60th working
    day, whichever comes first, as a number of working days from receipt. A school day is a
    working day outside every closure (reg. 3(3): a day on which the school has a session).

    Cached: every FOIA row of a school's store asks, the list's build included, and rows
    share their receipt days (a walk of up to 60 working days each, 16 us, without it)."""
    start = deadlines.receipt_date(received, law, receipt_day)
    outer = deadlines.add_working_days(start, 60, law)
    school_days = 0
    day = start
    while school_days < _SCHOOL_DAYS and day < outer:
        day = deadlines.add_working_days(day, 1, law)
        if not any(first <= day <= last for first, last in closures):
            school_days += 1
    days = deadlines.working_days_between(start, day, law)
    which = (
        "the 20th school day"
        if school_days == _SCHOOL_DAYS
        else "the 60th working day (the closures leave fewer than 20 school days before it)"
    )
    note = f"the earlier of the 20th school day and the 60th working day: here {which}"
    return TimeLimit(Law.FOI, days, "SI 2004/3364 reg. 3", f"{note} (school_closures setting)")
