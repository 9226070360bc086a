"""The s.12 cost limit helper: hours estimated per question, totalled with aggregated cases.

Each numbered part of a request is a separate request in law (ICO LTT145), and requests for the
same or similar information within 60 consecutive working days may be aggregated (Fees
Regulations 2004, reg. 5): so the total that matters is this request's hours plus those of the
requests linked to it as `aggregate` that fall in the window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from foitui import deadlines
from foitui.kinds import LinkKind

if TYPE_CHECKING:
    from foitui.models import Request
    from foitui.store import Store


@dataclass(frozen=True, slots=True)
class CostEstimate:
    body: str  # "local" (18 hours) or "central" (24 hours)
    limit_hours: int
    hours: float  # this request's estimated questions
    estimated: int  # questions with an estimate
    questions: int
    aggregated: dict[str, float] = field(default_factory=dict)  # id -> hours, in the window
    outside_window: list[str] = field(default_factory=list)  # aggregate links too far apart

    @property
    def total(self) -> float:
        return self.hours + sum(self.aggregated.values())

    @property
    def exceeds(self) -> bool:
        return deadlines.cost_limit_exceeded(self.total, self.body)

    def describe(self) -> str:
        parts = [f"{self.hours:g} h estimated ({self.estimated}/{self.questions} questions)"]
        if self.aggregated:
            cases = ", ".join(f"#{rid} {h:g} h" for rid, h in self.aggregated.items())
            parts.append(f"aggregated with {cases}: {self.total:g} h")
        verdict = "s.12 applies" if self.exceeds else "within the limit"
        limit = (
            f"{self.limit_hours} h limit ({self.body}: £{self.limit_hours * deadlines.HOURLY_RATE})"
        )
        return f"{'; '.join(parts)} of the {limit}: {verdict}"


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
    return CostEstimate(
        body=body,
        limit_hours=deadlines.COST_LIMIT_HOURS[body],
        hours=hours,
        estimated=estimated,
        questions=len(request.questions),
        aggregated=aggregated,
        outside_window=outside,
    )
