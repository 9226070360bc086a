"""The cost of answering, as each law weighs it: hours estimated per question, totalled with
aggregated cases.

Each numbered part of a request is a separate request in law (ICO LTT145), and requests for the
same or similar information within 60 consecutive working days may be aggregated (Fees
Regulations 2004, reg. 5): so the total that matters is this request's hours plus those of the
requests linked to it as `aggregate` that fall in the window.

What the total is held against depends on the law (`foitui.law.regimes`, `CostRule`):

- FOIA s.12: 18 hours (£450) for local and other bodies, 24 hours (£600) for central
  government, at £25 an hour (Fees Regulations 2004, reg. 3 and 4(4)).
- FOISA s.12: £600 for every Scottish authority, staff time at £15 an hour at most, and time
  spent deciding whether the information is held does not count (Fees for Required Disclosure
  (Scotland) Regulations 2004, reg. 3 and 5): 20 hours is £300, within the limit.
- EIR and EISR: no cost limit. The burden can make a request manifestly unreasonable (EIR reg.
  12(4)(b), EISR reg. 10(4)(b)); the fees regulations are only a guide, so "over" is a prompt
  to weigh that exception (with its public interest test), never a refusal ground by itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from foitui import deadlines
from foitui.kinds import Law, LinkKind
from foitui.law.regimes import CostRule, regime

if TYPE_CHECKING:
    from foitui.models import Request
    from foitui.store import Store


@dataclass(frozen=True, slots=True)
class CostEstimate:
    body: str  # "local" or "central": only FOIA (and the EIR's guide) tell them apart
    limit_hours: float
    hours: float  # this request's estimated questions
    estimated: int  # questions with an estimate
    questions: int
    aggregated: dict[str, float] = field(default_factory=dict)  # id -> hours, in the window
    outside_window: list[str] = field(default_factory=list)  # aggregate links too far apart
    law: Law = Law.FOI

    @property
    def rule(self) -> CostRule:
        return regime(self.law).cost

    @property
    def total(self) -> float:
        return self.hours + sum(self.aggregated.values())

    @property
    def limit_pounds(self) -> int:
        return self.rule.limit_for(self.body)

    @property
    def exceeds(self) -> bool:
        """Over the limit (FOIA, FOISA) or over the guide (EIR, EISR); exactly at it is not."""
        return self.total > self.limit_hours

    def to_json(self) -> dict[str, object]:
        """`cost` in `show --json` (docs/contract.md)."""
        return {
            "hours": self.total,
            "limit_hours": _number(self.limit_hours),
            "limit_pounds": self.limit_pounds,
            "rate_pounds": self.rule.rate_pounds,
            "over": self.exceeds,
            "provision": self.rule.provision,
        }

    def describe(self) -> str:
        parts = [f"{self.hours:g} h estimated ({self.estimated}/{self.questions} questions)"]
        if self.aggregated:
            cases = ", ".join(f"#{rid} {h:g} h" for rid, h in self.aggregated.items())
            parts.append(f"aggregated with {cases}: {self.total:g} h")
        rule = self.rule
        pounds = self.total * rule.rate_pounds
        if rule.statutory:
            where = f" ({self.body})" if len(set(rule.limit_pounds.values())) > 1 else ""
            limit = (
                f"£{pounds:,.0f} at £{rule.rate_pounds}/h against the £{self.limit_pounds} limit"
                f"{where} ({self.limit_hours:g} h)"
            )
            verdict = f"{rule.provision} applies" if self.exceeds else "within the limit"
        else:
            limit = (
                f"£{pounds:,.0f} at £{rule.rate_pounds}/h; no cost limit, £{self.limit_pounds} "
                f"({self.limit_hours:g} h) only as a guide"
            )
            verdict = (
                f"over the guide: consider manifestly unreasonable, {rule.provision} (public "
                "interest test)"
                if self.exceeds
                else "within the guide"
            )
        return f"{'; '.join(parts)}: {limit}: {verdict}"


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def request_hours(request: Request) -> tuple[float, int]:
    estimates = [q.hours for q in request.questions if q.hours is not None]
    return float(sum(estimates)), len(estimates)


def estimate(store: Store, request_id: str) -> CostEstimate:
    request = store.get(request_id)
    body = store.triage_doc(request_id).get("fields", {}).get("body") or "local"
    hours, estimated = request_hours(request)
    aggregated: dict[str, float] = {}
    outside: list[str] = []
    for link in request.links:
        if link.kind != LinkKind.AGGREGATE or link.external:
            continue
        other = store.get(link.target)
        if (
            request.received
            and other.received
            and not deadlines.within_aggregation_window(
                request.received, other.received, request.law
            )
        ):
            outside.append(link.target)
            continue
        aggregated[link.target] = request_hours(other)[0]
    rule = regime(request.law).cost
    return CostEstimate(
        body=body,
        limit_hours=rule.limit_hours(body),
        hours=hours,
        estimated=estimated,
        questions=len(request.questions),
        aggregated=aggregated,
        outside_window=outside,
        law=request.law,
    )
