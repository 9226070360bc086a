"""The closed sets of values a request's fields take: laws, statuses, outcomes, link kinds.

Plain enums with no pydantic: the request list and `foitui list` need these and nothing of the
models, and importing pydantic costs a noticeable part of a cold start.
"""

from __future__ import annotations

from enum import StrEnum


class Law(StrEnum):
    """The four access regimes: the rules of each live in `foitui.law`."""

    FOI = "foi"
    """Freedom of Information Act 2000 (England, Wales, Northern Ireland; UK bodies)."""
    EIR = "eir"
    """Environmental Information Regulations 2004 (the same bodies, environmental information)."""
    FOISA = "foisa"
    """Freedom of Information (Scotland) Act 2002 (Scottish public authorities)."""
    EISR = "eisr"
    """Environmental Information (Scotland) Regulations 2004 (SSI 2004/520)."""


class Outcome(StrEnum):
    PENDING = "pending"
    ANSWERED = "answered"
    PARTLY_ANSWERED = "partly_answered"
    NOT_HELD = "not_held"
    REFUSED = "refused"
    CLARIFICATION_NEEDED = "clarification_needed"


class Status(StrEnum):
    """A request's status; Alaveteli's vocabulary where it fits."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING_CLARIFICATION = "waiting_clarification"
    ON_HOLD = "on_hold"
    SUCCESSFUL = "successful"
    PARTIALLY_SUCCESSFUL = "partially_successful"
    NOT_HELD = "not_held"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    INTERNAL_REVIEW = "internal_review"


class LinkKind(StrEnum):
    PRIOR = "prior"
    DUPLICATE = "duplicate"
    RELATED = "related"
    AGGREGATE = "aggregate"
    REPEAT = "repeat"


#: Statuses after which the deadline no longer matters.
CLOSED = frozenset(
    {
        Status.SUCCESSFUL,
        Status.PARTIALLY_SUCCESSFUL,
        Status.NOT_HELD,
        Status.REFUSED,
        Status.WITHDRAWN,
    }
)
