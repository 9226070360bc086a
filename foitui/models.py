"""The domain: requests, their numbered questions, answers, references and links.

Pydantic models and string enums only. The JSON shape of `Request` is the record JSON of
CONTRACT.md, which outside tools rely on: add fields freely, never rename or drop one.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from foitui.kinds import Law, LinkKind, Outcome, Status

__all__ = [
    "Answer",
    "Law",
    "Link",
    "LinkKind",
    "Outcome",
    "ParseResult",
    "Question",
    "Reference",
    "Request",
    "Source",
    "Status",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=False)


class Source(_Model):
    """Where a record came from: its file, 1-based first line, and 1-based record number."""

    file: str
    line: int
    record: int


class Question(_Model):
    key: str
    label: str | None = None
    parent: str | None = None
    text: str
    answer: str | None = None
    # The answer only points to a document sent with the response ("Please see attached
    # spreadsheet"): the officer sees "answered by an attachment", not an answer to read.
    attachment: bool = False
    outcome: Outcome = Outcome.PENDING
    exemptions: list[str] = Field(default_factory=list)
    note: str | None = None
    # The officer's estimate of hours to answer, for the s.12 cost limit (DESIGN.md).
    hours: float | None = None


class Answer(_Model):
    questions: list[str] = Field(default_factory=list)
    text: str
    outcome: Outcome = Outcome.ANSWERED
    exemptions: list[str] = Field(default_factory=list)
    # How the parser matched it: by the question's label, by an echo of the question's text,
    # by order alone (the weakest: "check the split"), or as one answer to the whole request;
    # "officer" when moved there by a correction. None: not recorded (older parses).
    matched_by: Literal["label", "echo", "order", "blanket", "officer"] | None = None


class Reference(_Model):
    """Another request named in a text, e.g. ``FOI 11726`` -> scheme ``FOI``, id ``11726``."""

    text: str
    scheme: str | None = None
    id: str
    resolved: str | None = None


class Link(_Model):
    target: str
    kind: LinkKind = LinkKind.RELATED
    note: str | None = None
    external: bool = False
    # True on the other side of a link: another request links to this one.
    inbound: bool = False


class ParseResult(_Model):
    """What the parser makes of one request/response pair. Pure data, no store ids."""

    request_text: str = ""
    response_text: str = ""
    questions: list[Question] = Field(default_factory=list)
    answers: list[Answer] = Field(default_factory=list)
    unassigned_response: list[str] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    # The response's "Our reference: X" names the request itself, not a prior case.
    own_ref: str | None = None


class Request(_Model):
    """One FOI request with its response: the record JSON of CONTRACT.md."""

    id: str | None = None
    ref: str | None = None
    title: str = ""
    authority: str | None = None
    # Who asked, when known: needed to spot a repeated request (s.14(2)) or aggregation (reg 5).
    requester: str | None = None
    law: Law = Law.FOI
    received: date | None = None
    due: date | None = None
    status: Status = Status.NEW
    source: Source
    request_text: str = ""
    response_text: str = ""
    questions: list[Question] = Field(default_factory=list)
    answers: list[Answer] = Field(default_factory=list)
    unassigned_response: list[str] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    # Clock stops and extensions (DESIGN.md "Domain rules"): [{"kind", "start", "end"}].
    stops: list[dict[str, str | None]] = Field(default_factory=list)
    extension_days: int = 0
    # The date the response was sent (`foitui set --responded`): the deadline no longer runs.
    responded: date | None = None

    def contract_json(self) -> dict:
        """The record as CONTRACT.md shapes it (dates as YYYY-MM-DD strings)."""
        return self.model_dump(mode="json")
