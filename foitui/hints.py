"""Law-aware hints: requests that may be aggregated for the cost limit, and repeated requests.

Pure functions over an open store; they read the similarity index, summaries and triage state,
and write nothing. A hint is a prompt for the officer, never a decision: each says which rule
it comes from and why the request was picked.

Aggregation (the cost limit, FOIA s.12):
- FOIA: the Freedom of Information and Data Protection (Appropriate Limit and Fees) Regulations
  2004, reg. 5: two or more requests to one authority for the same or similar information, by
  one person (or by different persons who appear to act in concert or in a campaign), received
  within any 60 consecutive working days, may have their costs totalled.
- EIR: there is no cost limit; the burden of complying may make a request manifestly
  unreasonable (reg. 12(4)(b)), and the Fees Regulations are only a guide to weighing it.
- FOISA: the Fees for Required Disclosure (Scotland) Regulations 2004, reg. 6: requests by
  different persons on the same subject matter may be refused together when the total cost
  exceeds £600, if the authority publishes the information within 20 working days of the first.
  There is no 60-day aggregation for one person's requests.
- EISR: as the EIR, no cost limit: the burden may make a request manifestly unreasonable (reg.
  10(4)(b)); the 60-working-day window is offered as a guide only.

Repeated requests (FOIA s.14(2), FOISA s.14(2)): an authority that has complied with a request
need not comply with an identical or substantially similar one from the same person unless a
reasonable interval has passed. "Complied" means the information was provided or confirmed not
held (ICO guidance "Dealing with repeat requests"): so the earlier request must have been
answered, not refused. The EIR and the EISR have no such provision (EIR reg. 12(4)(b), EISR reg.
10(4)(b) may apply instead).

Thresholds are text similarities (0..1, `foitui.similar`) measured on the labelled set of
`foitui.similar_eval`: at 0.2, 79% of same-subject pairs and 0.24% of other pairs pass; at 0.3
("substantially similar"), half the same-subject pairs and 0.1% of other pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from foitui import deadlines
from foitui.models import Law, LinkKind, Request, Status
from foitui.similar import display_terms, similar_requests
from foitui.store import records

if TYPE_CHECKING:
    from foitui.store import Store, Summary

AGGREGATE_MIN_SCORE = 0.2
REPEAT_MIN_SCORE = 0.3
CANDIDATES = 40  # similar requests looked at, best first
FOISA_AGGREGATION_DAYS = 20  # Scottish Fees Regulations reg. 6(d)

#: Statuses of a request that was complied with: information given, or confirmed not held.
ANSWERED = frozenset({Status.SUCCESSFUL, Status.PARTIALLY_SUCCESSFUL, Status.NOT_HELD})
#: Link kinds by which an officer has already said two requests are about the same thing.
SAME_SUBJECT_LINKS = frozenset(
    {LinkKind.PRIOR, LinkKind.DUPLICATE, LinkKind.REPEAT, LinkKind.AGGREGATE}
)

AGGREGATION_RULES = {
    Law.FOI: "FOIA s.12, Fees Regulations 2004 reg. 5 (60 working days)",
    Law.EIR: "EIR reg. 12(4)(b) manifestly unreasonable (Fees Regulations as a guide)",
    Law.FOISA: "FOISA s.12, Fees (Scotland) Regulations 2004 reg. 6 (different persons)",
    Law.EISR: "EISR reg. 10(4)(b) manifestly unreasonable (the 60-day window as a guide)",
}
REPEAT_RULES = {
    Law.FOI: "FOIA s.14(2) repeated request",
    Law.EIR: "EIR reg. 12(4)(b) manifestly unreasonable (the EIR have no s.14(2))",
    Law.FOISA: "FOISA s.14(2) repeated request",
    Law.EISR: "EISR reg. 10(4)(b) manifestly unreasonable (the EISR have no s.14(2))",
}


@dataclass(frozen=True, slots=True)
class Hint:
    """One request that a rule may join to the request asked about."""

    kind: str  # "aggregate" or "repeat"
    id: str
    ref: str | None
    title: str
    authority: str | None
    requester: str | None
    received: date | None
    status: Status
    score: float  # text similarity with the request, 0..1
    # Working days from the other request's receipt to this one's (negative: it came later).
    working_days: int | None
    rule: str  # the provision the hint comes from
    reasons: tuple[str, ...]
    linked: LinkKind | None = None  # already linked to the request, and how

    @classmethod
    def about(
        cls, kind: str, row: Summary, *, requester: str | None, score: float, **rest: Any
    ) -> Hint:
        """A hint about the request whose list row is `row`."""
        return cls(
            kind=kind,
            id=row.id,
            ref=row.ref,
            title=row.title,
            authority=row.authority,
            requester=requester,
            received=row.received,
            status=row.status,
            score=round(score, 4),
            **rest,
        )

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.id,
            "ref": self.ref,
            "title": self.title,
            "authority": self.authority,
            "requester": self.requester,
            "received": self.received.isoformat() if self.received else None,
            "status": self.status.value,
            "score": round(self.score, 4),
            "working_days": self.working_days,
            "rule": self.rule,
            "reasons": list(self.reasons),
            "linked": self.linked.value if self.linked else None,
        }


def requester_of(store: Store, request_id: str) -> str | None:
    """Who made the request, as edited or imported; None when unknown."""
    fields = records.effective_fields(store.index_row(request_id), store.triage_doc(request_id))
    return fields["requester"] or None


def _same_person(a: str | None, b: str | None) -> bool | None:
    """True or False when both are known; None when either is not."""
    if not a or not b:
        return None
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _same_authority(a: str | None, b: str | None) -> bool:
    # A store without authorities is one authority's own log.
    if not a or not b:
        return not a and not b
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _links(request: Request) -> dict[str, LinkKind]:
    """Requests linked to this one, either way, and the link's kind (outbound wins)."""
    request_id = request.id
    found: dict[str, LinkKind] = {}
    for link in request.links:
        if not link.external and link.target != request_id:
            if link.inbound:
                found.setdefault(link.target, link.kind)
            else:
                found[link.target] = link.kind
    return found


def _candidates(
    store: Store, request: Request, threshold: float
) -> list[tuple[str, float, list[str], LinkKind | None]]:
    """Similar requests above `threshold`, plus requests linked as the same subject."""
    request_id = request.id or ""
    linked = _links(request)
    out: dict[str, tuple[str, float, list[str], LinkKind | None]] = {}
    for match in similar_requests(store, request_id, limit=CANDIDATES):
        if match.text_score >= threshold:
            kind = linked.get(match.id)
            out[match.id] = (match.id, match.text_score, list(match.shared), kind)
    index = store.similarity_index()
    for other, kind in linked.items():
        if other in out:
            continue
        score, shared = index.score(request_id, other)
        if kind in SAME_SUBJECT_LINKS or score >= threshold:
            out[other] = (other, score, shared[:4], kind)
    return sorted(out.values(), key=lambda c: (-c[1], int(c[0])))


def _subject_reasons(
    store: Store, score: float, shared: list[str], linked: LinkKind | None, me: Request, them: str
) -> list[str]:
    reasons = [f"similar subject ({score:.2f})"]
    if shared:
        words = display_terms(store, shared, me.title, them, me.request_text)
        reasons[0] += f": {', '.join(words)}"
    if linked is not None:
        reasons.append(f"already linked as {linked.value}")
    return reasons


def aggregation_groups(
    store: Store,
    request_id: str,
    *,
    threshold: float = AGGREGATE_MIN_SCORE,
    campaigns: bool = False,
) -> list[Hint]:
    """Requests whose costs may be totalled with this one's for the cost limit, best first.

    FOIA (and the EIR, as a guide): similar subject, same authority, received within any 60
    consecutive working days (`deadlines.within_aggregation_window`), and the same requester
    when both requesters are known; with `campaigns`, different requesters too (reg. 5(1)(b):
    people acting in concert or in a campaign, which only the officer can judge). FOISA: reg. 6
    covers requests by different persons on the same subject, received within the 20 working
    days of the first; one person's requests are not aggregated.
    """
    me = store.summary(request_id)
    if me.received is None:
        return []
    request = store.get(request_id)
    my_requester = requester_of(store, request_id)
    rule = AGGREGATION_RULES[me.law]
    hints = []
    for other, score, shared, linked in _candidates(store, request, threshold):
        row = store.summary(other)
        if row.received is None or not _same_authority(me.authority, row.authority):
            continue
        their_requester = requester_of(store, other)
        same = _same_person(my_requester, their_requester)
        reasons = _subject_reasons(store, score, shared, linked, request, row.title)
        apart = deadlines.working_days_between(row.received, me.received, me.law)
        if me.law == Law.FOISA:
            first = min(me.received, row.received)
            last = max(me.received, row.received)
            if last > deadlines.add_working_days(first, FOISA_AGGREGATION_DAYS, me.law):
                continue
            if same:
                continue  # reg. 6 is about different persons
            reasons.append(f"received {abs(apart)} working days apart (reg. 6: within 20)")
            reasons.append(
                "different requesters"
                if same is False
                else "requester not recorded: reg. 6 needs different persons"
            )
            reasons.append("only if the information is published to all within 20 working days")
        else:
            if not deadlines.within_aggregation_window(me.received, row.received, me.law):
                continue
            if same is False and not campaigns:
                continue
            reasons.append(f"received {abs(apart)} working days apart (within 60)")
            if same:
                reasons.append(f"same requester ({their_requester})")
            elif same is False:
                reasons.append("different requesters: only if acting in concert or a campaign")
            else:
                reasons.append("same authority; requester not recorded: check it is one person")
        hints.append(
            Hint.about(
                "aggregate",
                row,
                requester=their_requester,
                score=score,
                working_days=apart,
                rule=rule,
                reasons=tuple(reasons),
                linked=linked,
            )
        )
    return hints


def repeat_candidates(
    store: Store, request_id: str, *, threshold: float = REPEAT_MIN_SCORE
) -> list[Hint]:
    """Earlier answered requests that this one may repeat (s.14(2)), best first.

    An earlier request (received before this one; by id when a date is missing) to the same
    authority, answered (`ANSWERED`: information given or confirmed not held, for at least one
    question not refused on cost: `complied_questions`), whose text is
    substantially similar (at least `threshold`). When both requesters are known they must be
    the same person; when either is unknown the hint says so, as s.14(2) needs the same person.
    Whether a reasonable interval has passed is for the officer: the hint gives the interval.
    """
    me = store.summary(request_id)
    request = store.get(request_id)
    my_requester = requester_of(store, request_id)
    rule = REPEAT_RULES[me.law]
    hints = []
    for other, score, shared, linked in _candidates(store, request, threshold):
        if score < threshold and linked not in (LinkKind.REPEAT, LinkKind.DUPLICATE):
            continue
        row = store.summary(other)
        if row.status not in ANSWERED or not _same_authority(me.authority, row.authority):
            continue
        if me.received and row.received:
            if row.received >= me.received:
                continue
        elif int(other) >= int(request_id):
            continue
        their_requester = requester_of(store, other)
        same = _same_person(my_requester, their_requester)
        if same is False:
            continue
        complied, questions = complied_questions(store, other)
        if not complied:
            continue  # refused (on cost, say): nothing was complied with, so nothing repeats
        reasons = _subject_reasons(store, score, shared, linked, request, row.title)
        reasons.append(
            f"#{other} was answered ({row.status.value}: {complied} of {questions} questions "
            "answered or not held)"
        )
        apart = None
        if me.received and row.received:
            apart = deadlines.working_days_between(row.received, me.received, me.law)
            reasons.append(
                f"asked {apart} working days ({(me.received - row.received).days} days) later: "
                "is that a reasonable interval?"
            )
        else:
            reasons.append("no received date: order taken from the ids")
        if same:
            reasons.append(f"same requester ({their_requester})")
        else:
            reasons.append("requester not recorded: s.14(2) needs the same person")
        hints.append(
            Hint.about(
                "repeat",
                row,
                requester=their_requester,
                score=score,
                working_days=apart,
                rule=rule,
                reasons=tuple(reasons),
                linked=linked,
            )
        )
    return hints


#: Refusals on the ground of cost or of the request itself: a question refused this way was not
#: complied with, whatever outcome the parser gave it.
REFUSAL_CODES = frozenset({"s12", "s14", "s14(1)", "s14(2)", "fs12", "fs14", "fs14(1)", "fs14(2)"})
COMPLIED = frozenset({"answered", "partly_answered", "not_held"})


def complied_questions(store: Store, request_id: str) -> tuple[int, int]:
    """(questions complied with, questions): answered, partly answered or not held, and not
    refused on cost or as vexatious/repeated. s.14(2) reaches only the parts complied with."""
    row = store.index_row(request_id)
    triage = store.triage_doc(request_id)
    outcomes = records.question_outcomes(row, triage)
    parsed = [cell.split(",") if cell else [] for cell in row.exemptions.split(";")]
    marks = triage.get("questions") or {}
    complied = 0
    for key, outcome, cited in zip(records.question_keys(row), outcomes, parsed, strict=False):
        codes = (marks.get(key) or {}).get("exemptions", cited)
        if outcome in COMPLIED and not REFUSAL_CODES.intersection(codes):
            complied += 1
    return complied, len(outcomes)


def hints_text(store: Store, request_id: str, aggregate: list[Hint], repeat: list[Hint]) -> str:
    """Both lists as plain text, for `foitui hints`."""
    from foitui.safetext import clean

    me = store.summary(request_id)
    law = me.law
    out = [f"#{request_id}  {clean(me.ref or '(no ref)')}  {clean(me.title)}"]
    for title, rule, hints in (
        ("May be aggregated", AGGREGATION_RULES[law], aggregate),
        ("May repeat an answered request", REPEAT_RULES[law], repeat),
    ):
        out.append("")
        out.append(f"{title} ({rule}):")
        if not hints:
            out.append("  none found")
        for hint in hints:
            received = hint.received.isoformat() if hint.received else "no date"
            out.append(
                f"  #{hint.id:<6} {clean(hint.ref or '-'):<16} {received}  "
                f"{hint.status.value:<20} {clean(hint.title)[:40]}"
            )
            for reason in hint.reasons:
                out.append(f"          - {clean(reason)}")
    return "\n".join(out) + "\n"
