"""The closed sets of values a request's fields take: laws, statuses, outcomes, link kinds.

Plain enums with no pydantic: the request list and `foitui list` need these and nothing of the
models, and importing pydantic costs a noticeable part of a cold start.
"""

from __future__ import annotations

from enum import StrEnum


class Law(StrEnum):
    FOI = "foi"
    EIR = "eir"
    FOISA = "foisa"


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
