"""Export every request, triage state included, as JSON, JSON Lines, CSV or Markdown."""

from __future__ import annotations

import csv
import io
import json
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from foitui.safetext import clean, json_safe
from foitui.wording import OUTCOME_WORD, STATUS_WORD

if TYPE_CHECKING:
    from foitui.models import Request
    from foitui.store import Store

CSV_COLUMNS = (
    "id",
    "ref",
    "title",
    "authority",
    "law",
    "received",
    "due",
    "status",
    "question",
    "label",
    "question_text",
    "answer",
    "outcome",
    "exemptions",
    "note",
    "links",
    # Added after the first columns (a script reading by name or position still works):
    "responded",
    "hours",
    "stops",
)
# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def csv_safe(value: object) -> str:
    """A cell that a spreadsheet shows as text, never runs (CSV injection), without escapes."""
    text = "" if value is None else clean(str(value))
    return "'" + text if text.startswith(_FORMULA_START) else text


def stops_text(stops: Iterable[dict]) -> str:
    """Clock stops in one cell: "clarification 2026-09-20..2026-09-25; fees 2026-10-01.."
    (an open stop has no end date)."""
    return "; ".join(
        f"{stop.get('kind')} {stop.get('start')}..{stop.get('end') or ''}" for stop in stops
    )


def _csv_rows(requests: Iterable[Request]) -> Iterator[list[str]]:
    for r in requests:
        links = "; ".join(f"{link.kind.value}:{link.target}" for link in r.links)
        base = [r.id, r.ref, r.title, r.authority, r.law.value, r.received, r.due, r.status.value]
        stops = stops_text(r.stops)
        for q in r.questions or []:
            yield [
                csv_safe(v)
                for v in (
                    *base,
                    q.key,
                    q.label,
                    q.text,
                    q.answer,
                    q.outcome.value,
                    " ".join(q.exemptions),
                    q.note,
                    links,
                    r.responded,
                    "" if q.hours is None else f"{q.hours:g}",
                    stops,
                )
            ]


def _md(text: str | None) -> str:
    """Imported text as Markdown text: "|" cannot end a table cell, "<" cannot open HTML (a
    renderer would run `<script>` or hide `<b>`), and a line break stays inside its cell."""
    text = clean(text or "").strip().replace("|", "\\|").replace("<", "&lt;")
    return "<br>".join(line.strip() for line in text.split("\n"))


def _md_line(text: str | None) -> str:
    return " ".join(_md(text).replace("<br>", " ").split())


def _markdown(request: Request, team: dict | None = None) -> str:
    lines = [f"## {_md_line(request.ref or '#' + str(request.id))}: {_md_line(request.title)}", ""]
    lines.append(
        f"- Authority: {_md_line(request.authority or '-')}  \n- Law: {request.law.value}  \n"
        f"- Received: {request.received or '-'}  \n- Due: {request.due or '-'}  \n"
        f"- Status: {STATUS_WORD[request.status]}  \n- Responded: {request.responded or '-'}"
        + (f"  \n- Clock stops: {stops_text(request.stops)}" if request.stops else "")
    )
    lines.append("")
    lines.append("| Q | Question | Answer | Outcome | Exemptions |")
    lines.append("|---|---|---|---|---|")
    for q in request.questions:
        lines.append(
            f"| {_md_line(q.label or q.key)} | {_md(q.text)} | {_md(q.answer)} | "
            f"{OUTCOME_WORD[q.outcome]} | {_md_line(' '.join(q.exemptions))} |"
        )
    if request.links:
        lines.append("")
        lines.append(
            "Linked: "
            + ", ".join(f"{link.kind.value} {_md_line(link.target)}" for link in request.links)
        )
    if team and (team.get("assignee") or team.get("clearance")):
        lines.append("")
        lines.append(
            f"Assigned to: {_md_line(team.get('assignee') or 'nobody')}"
            + (
                f"  \nSign-off: {_md_line(team['clearance']['stage'])}"
                if team.get("clearance")
                else ""
            )
        )
    notes = (team or {}).get("case_notes") or []
    if notes:
        # Internal notes: in the team's own export, never in a letter or the disclosure log.
        lines += ["", "Case notes:", ""]
        lines += [
            f"- {_md_line(n['at'][:16].replace('T', ' '))} {_md_line(n['user'])}: {_md(n['text'])}"
            for n in notes
        ]
    return "\n".join(lines) + "\n"


#: Fields a user sets (`foitui set`) that are kept with the triage state, not on the record.
TRIAGE_ONLY_FIELDS = ("body", "body_type", "specified_day")


def record_json(
    request: Request,
    fields: dict | None = None,
    cost: dict | None = None,
    review: dict | None = None,
    team: dict | None = None,
) -> dict:
    """The record JSON of CONTRACT.md (with the date the response was sent, from the record),
    plus the triage-only fields of `fields`, null when unset: the cost-limit body; `cost`, the
    estimate against the law's cost rule, and `review`, the internal review (both null without
    one, and always from `parse`); and `check_split` (bool) with `check_reasons` (sentences)
    for a parse that needs checking."""
    from foitui.parsing.check import reasons

    data = request.model_dump(mode="json")
    # "Check the split": why the parse may be wrong (none: false, []), as the list shows it.
    found = reasons(request)
    data["check_split"] = bool(found)
    data["check_reasons"] = [reason.text for reason in found]
    for name in TRIAGE_ONLY_FIELDS:
        data[name] = (fields or {}).get(name)
    data["cost"] = cost
    data["review"] = review
    # The team (team_json): who holds it, its sign-off, the case notes; none from `parse`.
    data.update(team or {"assignee": None, "clearance": None, "case_notes": []})
    return data


def team_json(store: Store, request: Request) -> dict | None:
    """`assignee`, `clearance` and `case_notes` of the record JSON (CONTRACT.md). Case notes
    are exported with the record (they are held information) and never reach a letter or
    the disclosure log, which are made from the request alone."""
    if request.id is None:
        return None
    from foitui import team

    row = store.summary(request.id)
    rule = store.clearance_rule()
    where = team.stage(row, rule)
    clearance = None
    if where:
        step = (store.triage_doc(request.id).get("clearance") or {}).get("stage") or {}
        clearance = {
            "needed": team.needs_clearance(row, rule),
            "marked": row.clearance_needed,
            "stage": where,
            "by": step.get("user"),
            "at": step.get("at"),
        }
    return {
        "assignee": row.assignee,
        "clearance": clearance,
        "case_notes": [note.to_json() for note in store.case_notes(request.id)],
    }


def review_json(store: Store, request: Request) -> dict | None:
    """`review` of the record JSON: None unless one is recorded."""
    if request.id is None:
        return None
    from foitui.views import review_of

    review = review_of(store, request)
    return review.to_json() if review else None


def cost_json(store: Store, request: Request) -> dict | None:
    """`cost` of the record JSON: None unless some question has an hours estimate."""
    if request.id is None or all(q.hours is None for q in request.questions):
        return None
    from foitui.costs import estimate

    return estimate(store, request.id).to_json()


def write_export(
    requests: Iterable[Request],
    fmt: str,
    out: TextIO,
    fields: Callable[[Request], dict] | None = None,
    cost: Callable[[Request], dict | None] | None = None,
    review: Callable[[Request], dict | None] | None = None,
    team: Callable[[Request], dict | None] | None = None,
) -> int:
    """`fields` gives a request's triage-only fields, `cost` its cost, `review` its internal
    review and `team` its assignee, sign-off and case notes (see `record_json`)."""

    def as_json(request: Request) -> str:
        data = record_json(
            request,
            fields(request) if fields else None,
            cost(request) if cost else None,
            review(request) if review else None,
            team(request) if team else None,
        )
        # C1 controls and bidi overrides as \u escapes: the same JSON, harmless in a terminal.
        return json_safe(json.dumps(data, ensure_ascii=False))

    count = 0
    if fmt == "json":
        out.write("[")
        for count, r in enumerate(requests, start=1):
            out.write(("," if count > 1 else "") + "\n" + as_json(r))
        out.write("\n]\n")
    elif fmt == "jsonl":
        for r in requests:
            out.write(as_json(r) + "\n")
            count += 1
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        seen: set[str | None] = set()
        for row in _csv_rows(requests):
            seen.add(row[0])
            writer.writerow(row)
        count = len(seen)
    elif fmt == "md":
        out.write("# FOI requests\n\n")
        for r in requests:
            out.write(_markdown(r, team(r) if team else None) + "\n")
            count += 1
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return count


def _fields(store: Store, request: Request) -> dict:
    return store.triage_doc(request.id or "").get("fields") or {}


def export(store: Store, fmt: str, output: Path | None, *, replace: bool = False) -> int:
    """Write the export to `output` (atomically, mode 0600) or to stdout.

    Only a regular file is written: a device node, FIFO or socket at `output` (or at the end
    of a symbolic link there) is refused, never replaced by a file holding every request. A
    file already there is replaced only with `replace`.
    """
    fields, cost = partial(_fields, store), partial(cost_json, store)
    review, team = partial(review_json, store), partial(team_json, store)
    if output is None:
        return write_export(store.iter_requests(), fmt, sys.stdout, fields, cost, review, team)
    from foitui.errors import FoituiError
    from foitui.store.files import atomic_write_bytes

    target = output.expanduser().resolve()
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise FoituiError(f"cannot write {output}: {error.strerror}") from error
    if mode is not None and stat.S_ISDIR(mode):
        raise FoituiError(f"cannot write {output}: it is a directory")
    if mode is not None and not stat.S_ISREG(mode):
        raise FoituiError(
            f"cannot write {output}: not a regular file (a device, FIFO or socket); "
            "export writes only regular files"
        )
    if mode is not None and not replace:
        raise FoituiError(f"{output} already exists; nothing exported (--force replaces it)")
    buffer = io.StringIO(newline="")
    count = write_export(store.iter_requests(), fmt, buffer, fields, cost, review, team)
    try:
        atomic_write_bytes(target, buffer.getvalue().encode("utf-8"))
    except FileNotFoundError as error:
        raise FoituiError(f"cannot write {output}: no such directory") from error
    return count


def write_output(path: Path, text: str, *, force: bool) -> None:
    """`-o FILE` for the law's documents: refuses to replace a file without `--force`; written
    atomically, mode 0600 (letters and logs are about people)."""
    from foitui.errors import FoituiError
    from foitui.store.files import atomic_write_bytes

    target = path.expanduser()
    if target.exists() and not force:
        raise FoituiError(f"{path} exists: use --force to replace it")
    if not target.parent.is_dir():
        raise FoituiError(f"cannot write {path}: no such directory")
    atomic_write_bytes(target.resolve(), text.encode("utf-8"))
