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
  foitui holds no school term dates, so for both it counts 60 working days, the latest the
  response can be due, and says so: when the school is in session the 20th school day comes
  first and the response is due earlier.
- `keeper`: the Keeper of the Records of Scotland, for a request that falls to be considered
  under FOISA s.22 (transferred records): 30 working days (FOISA s.10; Explanatory Notes to the
  Act, para 46).

The EIR and the EISR have no such variations: a body type changes nothing under them. A school
or academy limit applies under FOIA only (the 2004 and 2010 Regulations are made under FOIA
s.10(4)); the Keeper's under FOISA only.

Left out, because the provision could not be confirmed here (the text of SI 2004/3364 reg. 4
and reg. 6 was not found): archives holding transferred public records (said to be 30 working
days) and information held outside the UK (up to 60). Armed forces operations (reg. 5) are
confirmed but not a body type: the day is one the Information Commissioner specifies, up to the
60th working day, on an application made within 20 working days, so it cannot be worked out
from the kind of body; record it as the request's own limit instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from foitui.kinds import Law


@dataclass(frozen=True, slots=True)
class TimeLimit:
    law: Law
    days: int
    provision: str
    note: str = ""


_SCHOOL_NOTE = (
    "the earlier of the 20th school day and the 60th working day: foitui has no term dates, so "
    "this is the 60th working day; in term time the response is due sooner"
)

BODY_TYPES: Mapping[str, TimeLimit | None] = MappingProxyType(
    {
        "standard": None,
        "school": TimeLimit(Law.FOI, 60, "SI 2004/3364 reg. 3", _SCHOOL_NOTE),
        "academy": TimeLimit(Law.FOI, 60, "SI 2010/2768 (as SI 2004/3364 reg. 3)", _SCHOOL_NOTE),
        "keeper": TimeLimit(
            Law.FOISA, 30, "FOISA s.10: the Keeper of the Records of Scotland (s.22 records)"
        ),
    }
)
"""Each body type and its time limit (None: the law's own 20 working days)."""

NOT_BUILT: Mapping[str, str] = MappingProxyType(
    {
        "archive": "archives holding transferred public records (SI 2004/3364 reg. 4): the "
        "provision could not be confirmed, so foitui does not count it",
        "outside_uk": "information held outside the UK (SI 2004/3364 reg. 6): the provision "
        "could not be confirmed, so foitui does not count it",
        "armed_forces": "armed forces operations (SI 2004/3364 reg. 5): the day is one the "
        "Information Commissioner specifies (up to the 60th working day), not a body type",
    }
)


def check_body_type(value: str) -> str:
    """The body type, lower-cased; ValueError (its text reaches the user) for any other."""
    body_type = value.strip().lower()
    if body_type in BODY_TYPES:
        return body_type
    if body_type in NOT_BUILT:
        raise ValueError(f"{body_type}: {NOT_BUILT[body_type]}")
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
