"""The disclosure log: closed requests as published, never the requester.

Publishing a response is publishing to the world (ICO, "Disclosure logs", and the s.45 code of
practice, part 8): the requester's identity is personal data that the log does not need, and
staff below senior level usually expect their names to stay out. So every entry is redacted
before it is written:

- the requester's name (the record's `requester`), wherever it appears, and the sign-off of the
  request ("Yours sincerely, ...", "Kind regards, ...": the line with the name after it);
- e-mail addresses, UK phone numbers and postcodes in questions and answers;
- names the officer adds (`--redact NAME`: staff named in answers).

`redactions` lists every change it would make, so the officer reviews them (`--preview`) before
anything is written. Reference, dates, title, questions and answers, outcome and exemptions are
published; the requester, notes and links are not.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from foitui.kinds import Status

if TYPE_CHECKING:
    from foitui.models import Request

FORMATS = ("html", "csv", "md")
#: Statuses of a closed request: what a log publishes (a withdrawn request has no response).
PUBLISHED = frozenset(
    {Status.SUCCESSFUL, Status.PARTIALLY_SUCCESSFUL, Status.NOT_HELD, Status.REFUSED}
)

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# UK numbers: +44 or 0, then 9 or 10 more digits in groups (01942 244991, +44 7700 900123,
# (0161) 496 0000); not years or reference numbers, which have fewer digits.
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)(?:\d[\s-]?\)?){9,10}(?!\d)")
# Postcodes (the Royal Mail format: outward code, space, inward code).
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[ABD-HJLNP-UW-Z]{2}\b")
_SIGN_OFF = re.compile(
    r"(?im)^\s*(?:yours\s+(?:sincerely|faithfully|truly)|(?:kind|best|warm|many)?\s*regards|"
    r"thanks(?: in advance)?|thank you|many thanks|best wishes|cheers)[,.!]?\s*\n+"
    r"(?P<name>[^\n]{1,60})$"
)
_DEAR = re.compile(r"(?im)^\s*dear\s+(?P<name>[^\n,]{1,60}),?\s*$")


@dataclass(frozen=True, slots=True)
class Redaction:
    request_id: str
    where: str
    text: str
    why: str

    def describe(self) -> str:
        return f"#{self.request_id} {self.where}: {self.text!r} ({self.why})"


class Redactor:
    """Redacts one request's texts and remembers what it took out."""

    def __init__(self, request: Request, extra_names: Iterable[str] = ()) -> None:
        self.request_id = request.id or "?"
        self.found: list[Redaction] = []
        names = [n.strip() for n in extra_names if n and n.strip()]
        self._requester = (request.requester or "").strip()
        patterns = []
        if self._requester:
            patterns.append((self._requester, "the requester"))
        patterns.extend((name, "a name the officer listed") for name in names)
        # Longest first, so "Ann Smith" goes before "Ann".
        self._names = sorted(patterns, key=lambda item: -len(item[0]))

    def __call__(self, text: str | None, where: str) -> str:
        if not text:
            return ""
        out = self._sign_off(text, where)
        for name, why in self._names:
            pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
            out = self._sub(pattern, out, where, why, "[name redacted]")
        out = self._sub(_EMAIL, out, where, "an e-mail address", "[e-mail redacted]")
        out = self._sub(_PHONE, out, where, "a phone number", "[phone redacted]")
        return self._sub(_POSTCODE, out, where, "a postcode", "[postcode redacted]")

    def _sign_off(self, text: str, where: str) -> str:
        def cut(match: re.Match[str]) -> str:
            self.found.append(Redaction(self.request_id, where, match["name"], "a sign-off"))
            return match.group(0)[: match.start("name") - match.start()] + "[name redacted]"

        text = _SIGN_OFF.sub(cut, text)
        if not where.startswith("answer"):
            return text  # a request's "Dear ..." names the authority, not the requester

        def dear(match: re.Match[str]) -> str:
            self.found.append(Redaction(self.request_id, where, match["name"], "a salutation"))
            return "Dear [name redacted],"

        return _DEAR.sub(dear, text)

    def _sub(self, pattern: re.Pattern[str], text: str, where: str, why: str, by: str) -> str:
        def replace(match: re.Match[str]) -> str:
            self.found.append(Redaction(self.request_id, where, match.group(0), why))
            return by

        return pattern.sub(replace, text)


@dataclass(frozen=True, slots=True)
class Entry:
    """One request as the log publishes it."""

    reference: str
    received: date | None
    responded: date | None
    title: str
    request: str
    outcome: str
    exemptions: tuple[str, ...]
    questions: tuple[tuple[str, str, str], ...]  # (label, question, answer)


def published(requests: Iterable[Request], since: date | None = None) -> Iterator[Request]:
    """Closed requests, answered on or after `since` (received, where no answer date)."""
    for request in requests:
        if request.status not in PUBLISHED:
            continue
        when = request.responded or request.received
        if since is not None and (when is None or when < since):
            continue
        yield request


def entry(request: Request, redact: Redactor) -> Entry:
    codes: list[str] = []
    for question in request.questions:
        codes.extend(c for c in question.exemptions if c not in codes)
    rows = tuple(
        (
            question.label or str(number),
            redact(question.text, f"question {question.key}"),
            redact(question.answer, f"answer {question.key}"),
        )
        for number, question in enumerate(request.questions, start=1)
    )
    return Entry(
        reference=redact(request.ref or f"#{request.id}", "reference"),
        received=request.received,
        responded=request.responded,
        title=redact(request.title, "title"),
        request=redact(request.request_text, "request text"),
        outcome=request.status.value.replace("_", " "),
        exemptions=tuple(codes),
        questions=rows,
    )


def build(
    requests: Iterable[Request], *, since: date | None = None, names: Iterable[str] = ()
) -> tuple[list[Entry], list[Redaction]]:
    """The log's entries, and every redaction made in them (for the officer's preview)."""
    names = list(names)
    entries: list[Entry] = []
    found: list[Redaction] = []
    for request in published(requests, since):
        redactor = Redactor(request, names)
        entries.append(entry(request, redactor))
        found.extend(redactor.found)
    return entries, found


# --- writing ------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "reference", "received", "responded", "title", "request", "outcome", "exemptions",
    "question_label", "question", "answer",
)  # fmt: skip


def render(entries: list[Entry], fmt: str) -> str:
    if fmt == "csv":
        return _csv(entries)
    if fmt == "md":
        return _md(entries)
    if fmt == "html":
        return _html(entries)
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _csv(entries: list[Entry]) -> str:
    from foitui.export import csv_safe

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        base = [e.reference, _iso(e.received), _iso(e.responded), e.title, e.request, e.outcome]
        for label, question, answer in e.questions or (("", "", ""),):
            row = [*base, "; ".join(e.exemptions), label, question, answer]
            writer.writerow([csv_safe(value) for value in row])
    return buffer.getvalue()


def _md_text(text: str) -> str:
    # Markdown that a log reader renders as the text, not as markup or links.
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", text)


def _md(entries: list[Entry]) -> str:
    out = ["# Disclosure log", ""]
    for e in entries:
        out.append(f"## {_md_text(e.reference)}: {_md_text(e.title)}")
        out.append("")
        out.append(
            f"Received {_iso(e.received) or '-'} · responded {_iso(e.responded) or '-'} · "
            f"{e.outcome}" + (f" · exemptions {', '.join(e.exemptions)}" if e.exemptions else "")
        )
        out.append("")
        out.extend(f"> {_md_text(line)}" if line else ">" for line in e.request.splitlines())
        for label, question, answer in e.questions:
            out.append("")
            out.append(f"**Question {_md_text(label)}.** {_md_text(question)}")
            out.append("")
            out.append(_md_text(answer) if answer else "_No answer recorded._")
        out.append("")
    return "\n".join(out) + "\n"


def _html(entries: list[Entry]) -> str:
    esc = html.escape
    out = [
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
        "<title>Disclosure log</title></head>\n<body>\n<h1>Disclosure log</h1>"
    ]
    for e in entries:
        out.append(f"<article>\n<h2>{esc(e.reference)}: {esc(e.title)}</h2>")
        exemptions = f"; exemptions {esc(', '.join(e.exemptions))}" if e.exemptions else ""
        out.append(
            f"<p>Received {esc(_iso(e.received) or '-')}; responded "
            f"{esc(_iso(e.responded) or '-')}; {esc(e.outcome)}{exemptions}</p>"
        )
        request = "<br>".join(esc(line) for line in e.request.splitlines())
        out.append(f"<blockquote>{request}</blockquote>\n<dl>")
        for label, question, answer in e.questions:
            out.append(f"<dt>Question {esc(label)}: {esc(question)}</dt>")
            out.append(f"<dd>{esc(answer) if answer else '<em>No answer recorded.</em>'}</dd>")
        out.append("</dl>\n</article>")
    out.append("</body>\n</html>")
    return "\n".join(out) + "\n"
