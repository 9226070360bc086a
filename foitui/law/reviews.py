"""Internal review: when the requester may ask for one, and when the answer is due, per law.

The review's clock runs like the first one: day 1 is the first working day after the request
for review is received, counted on the law's calendar (`foitui.deadlines`).

- FOIA: no statutory review. The code of practice under s.45 (Cabinet Office, July 2018,
  part 5, "Internal reviews") asks for a review within 20 working days, up to 40 in exceptional
  cases, and lets an authority decline a request for review made more than 40 working days
  after the response.
- EIR reg. 11: representations within 40 working days of the date on which the applicant
  believes the authority failed to comply (reg. 11(2)); a decision within 40 working days of
  receiving them (reg. 11(4)).
- FOISA s.20 and s.21: a requirement for review within 40 working days of the response or,
  where none came, of the end of the time for compliance (s.20(5)); the authority answers within
  20 working days (s.21(1)).
- EISR reg. 16: representations within 40 working days (reg. 16(2)); a decision within 20
  working days (reg. 16(4)).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from foitui import deadlines
from foitui.kinds import Law


class ReviewOutcome(StrEnum):
    UPHELD = "upheld"
    """The original decision stands."""
    PARTLY_UPHELD = "partly_upheld"
    OVERTURNED = "overturned"


@dataclass(frozen=True, slots=True)
class ReviewRule:
    days: int
    """Working days to answer a review."""
    provision: str
    exceptional_days: int | None
    """FOIA's code of practice allows up to 40 working days in exceptional cases."""
    request_window_days: int
    """Working days after the response (or the missed deadline) within which to ask."""
    window_provision: str


REVIEW_RULES: Mapping[Law, ReviewRule] = MappingProxyType(
    {
        Law.FOI: ReviewRule(
            days=20,
            provision="FOIA s.45 code of practice, part 5",
            exceptional_days=40,
            request_window_days=40,
            window_provision="FOIA s.45 code of practice, part 5",
        ),
        Law.EIR: ReviewRule(
            days=40,
            provision="EIR reg. 11(4)",
            exceptional_days=None,
            request_window_days=40,
            window_provision="EIR reg. 11(2)",
        ),
        Law.FOISA: ReviewRule(
            days=20,
            provision="FOISA s.21(1)",
            exceptional_days=None,
            request_window_days=40,
            window_provision="FOISA s.20(5)",
        ),
        Law.EISR: ReviewRule(
            days=20,
            provision="EISR reg. 16(4)",
            exceptional_days=None,
            request_window_days=40,
            window_provision="EISR reg. 16(2)",
        ),
    }
)


@dataclass(frozen=True, slots=True)
class Review:
    """A request for internal review and, once answered, its outcome."""

    law: Law
    requested: date
    due: date
    completed: date | None
    outcome: ReviewOutcome | None
    late_by: int
    """Working days past the window for asking (0: in time)."""
    window_from: date | None
    """The response, or where none was sent the first deadline, that the window runs from."""

    @property
    def rule(self) -> ReviewRule:
        return REVIEW_RULES[self.law]

    @property
    def late(self) -> bool:
        return self.late_by > 0

    def overdue(self, today: date) -> bool:
        return self.completed is None and today > self.due

    def to_json(self) -> dict[str, object]:
        """`review` in `show --json` (docs/contract.md), with `late` added."""
        return {
            "requested": self.requested.isoformat(),
            "due": self.due.isoformat(),
            "completed": self.completed.isoformat() if self.completed else None,
            "outcome": self.outcome.value if self.outcome else None,
            "late": self.late,
        }

    def describe(self, today: date | None = None) -> str:
        rule = self.rule
        text = (
            f"review requested {self.requested.isoformat()}, due {self.due.isoformat()} "
            f"({rule.days} working days, {rule.provision})"
        )
        if self.completed is not None:
            outcome = self.outcome.value.replace("_", " ") if self.outcome else "done"
            text += f"; completed {self.completed.isoformat()}: {outcome}"
        elif today is not None and self.overdue(today):
            text += "; OVERDUE"
        if self.late:
            text += (
                f"; asked {self.late_by} working days after the {rule.request_window_days}-day "
                f"window ({rule.window_provision})"
            )
        return text


def stored_review(
    law: Law,
    triage: Mapping[str, object],
    first_due: date | None,
    responded: date | str | None = None,
    receipt_day: str = deadlines.DEFAULT_RECEIPT_DAY,
) -> Review | None:
    """The review recorded in a request's triage state (``{"requested", "completed",
    "outcome"}`` under ``review``), or None. `first_due` is the request's own due date;
    `responded`, the day the response was sent (set by hand or imported: the request's own
    `responded`), else the one set by hand in `triage`; `receipt_day` the store's setting
    (deadlines.RECEIPT_DAYS)."""
    stored = triage.get("review")
    if not isinstance(stored, dict) or not stored.get("requested"):
        return None
    if responded is None:
        fields = triage.get("fields")
        responded = fields.get("responded") if isinstance(fields, dict) else None
    completed = stored.get("completed")
    return make_review(
        law,
        date.fromisoformat(str(stored["requested"])),
        completed=date.fromisoformat(str(completed)) if completed else None,
        outcome=str(stored["outcome"]) if stored.get("outcome") else None,
        responded=date.fromisoformat(str(responded)) if responded else None,
        first_due=first_due,
        receipt_day=receipt_day,
    )


def review_problem(
    rid: object,
    received: date | None,
    requested: date,
    completed: date | None,
    outcome: str | None,
) -> str | None:
    """Why a review cannot be recorded so, or None: dates in order, an outcome with a completion
    date and only with one (the store checks this under its lock)."""
    if received is not None and requested < received:
        return (
            f"request {rid}: review requested {requested.isoformat()} is before received "
            f"{received.isoformat()}"
        )
    if completed is not None and completed < requested:
        return (
            f"request {rid}: review completed {completed.isoformat()} is before it was "
            f"requested {requested.isoformat()}"
        )
    if (completed is None) != (outcome is None):
        return f"request {rid}: a completed review needs both its date and its outcome"
    if outcome is not None and outcome not in {o.value for o in ReviewOutcome}:
        return (
            f"request {rid}: review outcome {outcome!r} is not one of upheld, partly_upheld, "
            "overturned"
        )
    return None


# After the review: the ICO expects a complaint within six weeks of the review's answer (its
# practice, not FOIA s.50 or EIR reg. 18); the Scottish Information Commissioner takes an
# application within six months of the review's answer (FOISA s.47(4)(a); EISR reg. 17).
COMPLAINT_WINDOWS: Mapping[Law, tuple[str, str]] = MappingProxyType(
    {
        Law.FOI: ("weeks", "a complaint to the ICO: six weeks, ICO practice, not statute"),
        Law.EIR: ("weeks", "a complaint to the ICO: six weeks, ICO practice, not statute"),
        Law.FOISA: (
            "months",
            "an application to the Scottish Information Commissioner: six months, FOISA s.47(4)(a)",
        ),
        Law.EISR: (
            "months",
            "an application to the Scottish Information Commissioner: six "
            "months, FOISA s.47(4)(a) by EISR reg. 17",
        ),
    }
)


def complaint_until(law: Law, answered: date) -> date:
    """The last day for the next step after a review answered on `answered`."""
    unit, _ = COMPLAINT_WINDOWS[Law(law)]
    if unit == "weeks":
        from datetime import timedelta

        return answered + timedelta(weeks=6)
    return deadlines.months_after(answered, 6)


def requester_windows(
    law: Law,
    responded: date | None,
    first_due: date | None,
    review: Review | None,
    today: date,
) -> list[str]:
    """What the requester may still do, and until when, in words for the officer.

    Before a review: ask for one, within 40 working days of the response or, without one, of
    the missed deadline. After the review's answer: the ICO or the Scottish Commissioner.
    """
    law = Law(law)
    if review is None:
        if responded is None and (first_due is None or today <= first_due):
            return []  # nothing sent and the deadline not missed yet: nothing to review
        start = responded or first_due
        if start is None:
            return []
        rule = REVIEW_RULES[law]
        return [
            f"the requester may ask for a review until {review_window_end(start, law).isoformat()} "
            f"({rule.request_window_days} working days after the "
            f"{'response' if responded else 'missed deadline'}, {rule.window_provision})"
        ]
    if review.completed is None:
        return []
    _, what = COMPLAINT_WINDOWS[law]
    return [f"after the review, {what}: until {complaint_until(law, review.completed).isoformat()}"]


def review_due(requested: date, law: Law, receipt_day: str = deadlines.DEFAULT_RECEIPT_DAY) -> date:
    """The day the review's answer is due: `days` working days after the request for it was
    received, the day of receipt fixed as for the request itself (the store's `receipt_day`:
    a request for review arriving on a weekend is received on the next working day under the
    2018 code, para 4.2, and on the day itself under the ICO's reading)."""
    received = deadlines.receipt_date(requested, law, receipt_day)
    return deadlines.add_working_days(received, REVIEW_RULES[Law(law)].days, law)


def review_window_end(window_from: date, law: Law) -> date:
    """The last day on which the requester may ask for a review."""
    rule = REVIEW_RULES[Law(law)]
    return deadlines.add_working_days(window_from, rule.request_window_days, law)


def make_review(
    law: Law,
    requested: date,
    *,
    completed: date | None = None,
    outcome: str | None = None,
    responded: date | None = None,
    first_due: date | None = None,
    receipt_day: str = deadlines.DEFAULT_RECEIPT_DAY,
) -> Review:
    """The review's deadline and whether it was asked for late.

    The window runs from the response, or, where none was sent, from the first deadline (FOISA
    s.20(5); the EIR, the EISR and the FOIA code count from the failure to comply, which is the
    missed deadline).
    """
    law = Law(law)
    window_from = responded or first_due
    late_by = 0
    if window_from is not None:
        past = deadlines.working_days_between(window_from, requested, law)
        late_by = max(0, past - REVIEW_RULES[law].request_window_days)
    return Review(
        law=law,
        requested=requested,
        due=review_due(requested, law, receipt_day),
        completed=completed,
        outcome=ReviewOutcome(outcome) if outcome else None,
        late_by=late_by,
        window_from=window_from,
    )
