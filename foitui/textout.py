"""Plain-text output of the command line: the list table, one request, the history.

Untrusted text is printed without control characters so that it cannot move the cursor or
restyle a terminal.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from foitui.safetext import clean
from foitui.views import days_left
from foitui.wording import OUTCOME_WORD, STATUS_WORD

if TYPE_CHECKING:
    from foitui.change_words import Namer
    from foitui.models import Request
    from foitui.store import Change, Summary
    from foitui.team import CaseNote


def due_text(row: Summary, today: date) -> str:
    if row.due is None:
        return "-"
    left = days_left(row, today)
    if left is None:
        return row.due.isoformat()
    if left < 0:
        return f"{row.due.isoformat()} OVERDUE {-left}d"
    return f"{row.due.isoformat()} {left}d left"


#: `foitui list` fits lines to this many columns when neither $COLUMNS nor a terminal says.
LIST_FALLBACK_WIDTH = 80
#: A title gets at least this many columns beside the other columns; with less room each
#: title goes on its own line under its row, indented.
LIST_TITLE_MIN = 20
TITLE_INDENT = 7


def list_width() -> int:
    """The width `foitui list` fits its lines to: $COLUMNS, else the terminal's, else 80 (piped
    output included, so a pipe into `less` or a mail reads as the terminal does)."""
    return shutil.get_terminal_size((LIST_FALLBACK_WIDTH, 24)).columns


def list_table(
    rows: Sequence[Summary], *, today: date, width: int | None = None, rule: str = "none"
) -> str:
    """The table of `foitui list`, each line at most `width` columns (list_width()).

    References are never cut (their column is as wide as the longest shown); the title takes
    the rest, cut with "…". With fewer than LIST_TITLE_MIN columns left, each title goes on its
    own line under its row; with too little room for the row itself, the question count
    goes first. The status is the word people read (foitui/wording.py).
    """
    width = list_width() if width is None else width
    # (header, cells, right-aligned): "!" beside the id: the parse needs checking (`fix`).
    columns: list[tuple[str, list[str], bool]] = [
        ("ID", [f"{row.id:>5}{'!' if row.check_split else ' '}" for row in rows], False),
        ("REF", [clean(row.ref or "-") for row in rows], False),
        ("STATUS", [STATUS_WORD[row.status] for row in rows], False),
        ("Q", [f"{row.decided:>2}/{row.questions:<2}" for row in rows], True),
        ("DUE", [due_text(row, today) for row in rows], False),
    ]
    # The team's columns only once a store uses them (`rule`: the store's clearance_rule): a
    # one-officer store's list is unchanged.
    from foitui.team import stage

    stages = [stage(row, rule) for row in rows]
    if any(row.assignee for row in rows) or any(stages):
        columns.append(("ASSIGNEE", [clean(row.assignee or "-") for row in rows], False))
        columns.append(("SIGN-OFF", [where or "-" for where in stages], False))

    def row_width(cols: list[tuple[str, list[str], bool]]) -> int:
        return sum(max([len(head), *map(len, cells)]) + 1 for head, cells, _ in cols) + 1

    if row_width(columns) > width:
        columns = [column for column in columns if column[0] != "Q"]
    widths = [max([len(head), *map(len, cells)]) for head, cells, _ in columns]
    title_width = width - row_width(columns) - 1
    below = title_width < LIST_TITLE_MIN
    if below:
        title_width = max(LIST_TITLE_MIN, width - TITLE_INDENT)

    def line(cells: list[str], right: list[bool]) -> str:
        return " ".join(
            cell.rjust(size) if flush else cell.ljust(size)
            for cell, size, flush in zip(cells, widths, right, strict=True)
        )

    aligned = [flush for _, _, flush in columns]
    header = line([f"{'ID':>5} ", *(head for head, _, _ in columns[1:])], aligned)
    lines = [header + ("" if below else "  TITLE")]
    for i, row in enumerate(rows):
        title = _cut(clean(row.title), title_width)
        cells = line([cells[i] for _, cells, _ in columns], aligned)
        lines.append(f"{cells}\n{' ' * TITLE_INDENT}{title}" if below else f"{cells}  {title}")
    lines.append(f"{len(rows)} request{'s' * (len(rows) != 1)}")
    if any(row.check_split for row in rows):
        lines.append("! the parse needs checking: foitui show ID, then foitui fix")
    return "\n".join(text.rstrip() for text in "\n".join(lines).split("\n")) + "\n"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


WIDTH = 78


def _indent(text: str, prefix: str = "    ") -> str:
    """Wrapped to WIDTH and indented; paragraphs keep their blank lines."""
    lines = []
    for line in clean(text).splitlines():
        wrapped = textwrap.wrap(line, WIDTH - len(prefix)) or [""]
        lines.extend(prefix + part if part else part for part in wrapped)
    return "\n".join(lines)


def show_text(
    request: Request, *, today: date, cost: str | None = None, review: str | None = None
) -> str:
    out = [f"#{request.id}  {clean(request.ref or '(no ref)')}  {clean(request.title)}"]
    meta = [
        f"authority: {clean(request.authority or '-')}",
        f"law: {request.law.value}",
        f"received: {request.received or '-'}",
    ]
    left = days_left(request, today)
    if left is not None:
        meta.append(
            f"due: {request.due} ({left} working days left)"
            if left >= 0
            else f"due: {request.due} (OVERDUE by {-left} working days)"
        )
    elif request.due:
        # Answered or closed: the deadline is history, as in the list and the app.
        meta.append(f"due: {request.due}")
    elif request.received and any(not stop.get("end") for stop in request.stops):
        meta.append("due: none while the clock is stopped")
    if request.responded:
        meta.append(f"responded: {request.responded}")
    meta.append(f"status: {STATUS_WORD[request.status]}")
    out.append("  ".join(meta))
    clock = [_stop_text(stop) for stop in request.stops]
    if request.extension_days:
        clock.append(f"extended by {request.extension_days} working days")
    if clock:
        out.append("clock: " + "; ".join(clock))
    if cost and any(q.hours is not None for q in request.questions):
        out.append(f"cost: {cost}")
    from foitui.parsing.check import reasons, sentence

    check = sentence(reasons(request))
    if check:
        out.append(f"{check} (foitui fix {request.id} ...)")
    if review:
        out.append(review)
    out.append("")
    out.append("Questions")
    for q in request.questions:
        label = q.label or "-"
        ex = f" [{', '.join(q.exemptions)}]" if q.exemptions else ""
        attached = " (answered by an attachment)" if q.attachment else ""
        out.append(f"  Q{label} ({q.key}) {OUTCOME_WORD[q.outcome]}{ex}{attached}")
        out.append(_indent(q.text))
        answer = _indent(q.answer, "       ").lstrip() if q.answer else "(no answer)"
        out.append("    -> " + answer)
        if q.note:
            out.append(f"    note: {clean(q.note)}")
    if request.unassigned_response:
        out.append("")
        out.append("Other response text")
        for block in request.unassigned_response:
            out.append(_indent(block, "  "))
    if request.references:
        out.append("")
        out.append("References found")
        for ref in request.references:
            where = f" -> request {ref.resolved}" if ref.resolved else " (not in store)"
            out.append(f"  {clean(ref.text)}{where}")
    if request.links:
        out.append("")
        out.append("Linked cases")
        for link in request.links:
            direction = "<-" if link.inbound else "->"
            ext = " (external)" if link.external else ""
            note = f": {clean(link.note)}" if link.note else ""
            out.append(f"  {direction} {link.kind.value} {clean(link.target)}{ext}{note}")
    return "\n".join(out) + "\n"


def _stop_text(stop: dict) -> str:
    """ "clarification sought 2026-11-24, received 2026-12-01"; "fees notice 2026-12-03, not paid
    yet"."""
    if stop.get("kind") == "clarification":
        sought, ended = "clarification sought", "received"
    else:
        sought, ended = "fees notice", "paid"
    end = f"{ended} {stop['end']}" if stop.get("end") else f"not {ended} yet"
    return f"{sought} {stop.get('start')}, {end}"


def history_text(changes: Sequence[Change], name: Namer | None = None) -> str:
    """`foitui history`: each change as the app's history words it, with its request."""
    from foitui.change_words import describe_change, plain_name

    lines = [clean(describe_change(c, with_request=True, name=name or plain_name)) for c in changes]
    return "\n".join(lines) + ("\n" if lines else "no changes yet\n")


def team_text(
    assignee: str | None, stage: str, step: dict | None, notes: Sequence[CaseNote]
) -> str:
    """`show`'s team lines: who holds the request, its sign-off, and the case notes."""
    from foitui.team import STAGE_LABEL

    lines = ["", f"assigned to: {clean(assignee) if assignee else 'nobody (unassigned)'}"]
    if stage:
        by = ""
        if isinstance(step, dict) and step.get("user"):
            by = f" ({clean(str(step['user']))}, {clean(str(step.get('at', '')))})"
        lines.append(f"sign-off: {STAGE_LABEL[stage]}{by}")
    text = case_notes_text(notes)
    if text:
        lines += ["", "Case notes", text.rstrip("\n")]
    return "\n".join(lines) + "\n"


def case_notes_text(notes: Sequence[CaseNote]) -> str:
    """The case notes, oldest first: `  2026-12-04 10:31  alice: text`."""
    out = []
    for note in notes:
        when = note.at[:16].replace("T", " ")
        out.append(_indent(f"{when}  {note.user}: {note.text}", "  "))
    return "\n".join(out) + "\n" if out else ""
