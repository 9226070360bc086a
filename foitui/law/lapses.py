"""Lapse prompts: a fees notice left unpaid past the time the law gives.

After a fees notice (FOIA s.9, EIR reg. 8, FOISA s.9) the authority need not comply unless the
fee is paid in time:

- FOIA s.9(2): within three months of the day the notice was given;
- FOISA s.9(4): within three months of the day the notice was given;
- EIR reg. 8(5): within 60 working days of the day the notice was given (an advance payment).

The EISR are left out: their charging regulation sets no such period that this code could cite
with confidence, so no lapse is worked out for them. A lapse is a prompt for the officer (close
the request, tell the requester), never a status change made behind their back.

A clarification never answered: no statute sets a period after which a request whose
clarification (FOIA s.1(3), EIR reg. 9, FOISA s.1(3), EISR reg. 9) went unanswered lapses, and
no period in the ICO's guidance ("Interpreting and clarifying requests") could be found to cite
as a default. So the period is the store's setting `clarification_lapse` ("3 months", "60
working days"), and without it no such lapse is shown: it is required for the prompt.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from foitui import deadlines
from foitui.kinds import Law


@dataclass(frozen=True, slots=True)
class FeeLapse:
    unit: str  # "months" or "working days"
    count: int
    provision: str


FEE_LAPSES: Mapping[Law, FeeLapse] = MappingProxyType(
    {
        Law.FOI: FeeLapse("months", 3, "FOIA s.9(2)"),
        Law.FOISA: FeeLapse("months", 3, "FOISA s.9(4)"),
        Law.EIR: FeeLapse("working days", 60, "EIR reg. 8(5)"),
    }
)


def fee_deadline(law: Law, notice: date) -> date | None:
    """The last day to pay a fees notice given on `notice`, or None where no period applies."""
    rule = FEE_LAPSES.get(Law(law))
    if rule is None:
        return None
    if rule.unit == "months":
        return deadlines.months_after(notice, rule.count)
    return deadlines.add_working_days(notice, rule.count, law)


CLARIFICATION_SETTING = "clarification_lapse"
_PERIOD = re.compile(r"^\s*(\d{1,3})\s*(months?|working\s+days?)\s*$", re.IGNORECASE)


def parse_period(text: str) -> FeeLapse:
    """A period written as "3 months" or "60 working days"; ValueError (shown to the user)."""
    match = _PERIOD.match(text or "")
    if match is None or int(match[1]) < 1:
        raise ValueError(
            f"{CLARIFICATION_SETTING} is a period such as '3 months' or '60 working days', "
            f"not {text!r}"
        )
    unit = "months" if match[2].lower().startswith("month") else "working days"
    return FeeLapse(unit, int(match[1]), f"the store's setting {CLARIFICATION_SETTING}")


def period_end(law: Law, start: date, period: FeeLapse) -> date:
    if period.unit == "months":
        return deadlines.months_after(start, period.count)
    return deadlines.add_working_days(start, period.count, law)


def lapses(
    law: Law,
    stops: Sequence[deadlines.ClockStop],
    today: date,
    clarification: FeeLapse | None = None,
) -> list[str]:
    """Why the request has lapsed, one line per unpaid fees notice past its time and, when
    `clarification` (the store's period) is given, per clarification unanswered past it."""
    out = []
    if clarification is not None:
        for stop in stops:
            if stop.kind is not deadlines.StopKind.CLARIFICATION or stop.end is not None:
                continue
            last = period_end(law, stop.start, clarification)
            if today > last:
                out.append(
                    f"lapsed: the clarification sought {stop.start.isoformat()} was not "
                    f"answered by {last.isoformat()} ({clarification.count} "
                    f"{clarification.unit}, {clarification.provision}): the request may be closed"
                )
    for stop in stops:
        if stop.kind is not deadlines.StopKind.FEES or stop.end is not None:
            continue
        last = fee_deadline(law, stop.start)
        if last is not None and today > last:
            rule = FEE_LAPSES[Law(law)]
            out.append(
                f"lapsed: the fees notice of {stop.start.isoformat()} was not paid by "
                f"{last.isoformat()} ({rule.count} {rule.unit}, {rule.provision}): the "
                "authority need not comply"
            )
    return out
