"""The list's views and status filter as SQL over index.sqlite's rows (rowcache.py), so that
choosing one at a million requests does not make a million rows.

Each row's status, due date and open state are written here as records.summary's lean path
makes them from an IndexRow (no triage, the default clock settings: the rows the store's kept
orders hold, Store.list_order); the predicates are views.py's and listing.in_view's. Rows that
differ from their index row (Store.special_ids) are judged by the caller, by making them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from foitui import deadlines
from foitui.kinds import CLOSED, Law, Status
from foitui.store.records import STATUSES, status_from_codes

DUE_SOON_DAYS = 5  # views.DUE_SOON_DAYS (views imports the store: not imported from there)

_WAITING = Status.WAITING_CLARIFICATION.value


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


#: What a row's status is made of in the index: the status set by hand ("" or NULL: none),
#: the outcome codes, whether a response is held (as stored: 0 or 1).
Combo = tuple[str | None, str, int]

#: Each row's combo. The distinct combos of a store's rows (COMBOS: a few dozen to a few
#: thousand) have their statuses worked out in Python, by the lean path's own functions, and
#: a status test in SQL is a test of membership in the combos that have the statuses wanted.
COMBO = '"status", "outcomes", coalesce("resp", 0)'
#: How many rows have each combo (the status picker's counts).
COMBO_COUNTS = f"SELECT {COMBO}, count(*) FROM rows WHERE id <= ? GROUP BY 1, 2, 3"


def status_of(combo: Combo) -> Status | None:
    """The status records.summary's lean path gives a row of `combo` (None: not a status)."""
    status, outcomes, responded = combo
    if status:
        return STATUSES.get(status)
    return status_from_codes(outcomes, bool(responded))


def _having(combos: Iterable[Combo], keep: Callable[[Status], bool]) -> str:
    """SQL true for the rows whose status `keep` keeps (never NULL: `NOT` of it must be true
    where it is false)."""
    kept = [combo for combo in combos if (status := status_of(combo)) and keep(status)]

    def listed(values: Iterable[str]) -> str:
        return ", ".join(map(_quoted, sorted(set(values))))

    by_hand = listed(s for s, _, _ in kept if s)
    answered = listed(o for s, o, r in kept if not s and r)
    unanswered = listed(o for s, o, r in kept if not s and not r)
    # One test of each row's own columns, in C: a third of the time of a row-value test.
    return (
        "(CASE WHEN coalesce(\"status\", '') != '' THEN \"status\" IN (" + by_hand + ")"
        ' WHEN "resp" THEN coalesce("outcomes", \'\') IN (' + answered + ")"
        " ELSE coalesce(\"outcomes\", '') IN (" + unanswered + ") END)"
    )


def _open(status: Status) -> bool:
    return status not in CLOSED


def _running(status: Status) -> bool:
    return status not in CLOSED and status is not Status.WAITING_CLARIFICATION


#: ordering.is_open's second half: no response date recorded.
_UNANSWERED = "coalesce(\"responded\", '') = ''"

#: Rows whose due date the index does not hold though they have a received date (rows written
#: before the column existed): records.summary works it out, so the caller makes these rows.
UNTOLD = "(coalesce(\"due\", '') = '' AND coalesce(\"received\", '') != '')"


#: The distinct combos, each with whether rows of it are UNTOLD (then the store finds them).
COMBOS = f"SELECT DISTINCT {COMBO}, {UNTOLD} FROM rows WHERE id <= ?"


def _due_soon(today: date, running: str) -> tuple[str, list[object]]:
    """views.is_due_soon: 0 to DUE_SOON_DAYS working days left, counted in the law's own
    calendar (bank holidays differ between England, Wales and Northern Ireland and Scotland):
    the due date is today or later and before the (DUE_SOON_DAYS + 1)-th working day after
    today (deadlines.working_days_left counts working days after today up to the due day)."""
    cutoffs = {law: deadlines.add_working_days(today, DUE_SOON_DAYS + 1, law) for law in Law}
    cases = " ".join(f"WHEN {_quoted(law.value)} THEN ?" for law in Law if law is not Law.FOI)
    params: list[object] = [today.isoformat()]
    params += [cutoffs[law].isoformat() for law in Law if law is not Law.FOI]
    params.append(cutoffs[Law.FOI].isoformat())  # an unknown law counts as FOI (records.LAWS)
    return f'("due" >= ? AND "due" < (CASE "law" {cases} ELSE ? END) AND {running})', params


def condition(
    view: str, status: Status | None, queue: str | None, today: date, combos: Sequence[Combo]
) -> tuple[str, list[object]]:
    """SQL true for the index rows (as the index alone gives them) that `view`, `status` and
    `queue` (listing.ListQuery's) keep, and its parameters. `combos`: the rows' COMBOS."""
    # The columns' own tests first: SQLite stops at the first false one.
    opened = f"({_UNANSWERED} AND {_having(combos, _open)})"
    # The clock runs (views.days_left): open, not waiting for clarification, a due date.
    running = f"({_UNANSWERED} AND coalesce(\"due\", '') != '' AND {_having(combos, _running)})"
    parts: list[str] = []
    params: list[object] = []
    if view == "overdue":
        parts.append(f'("due" < ? AND {running})')
        params.append(today.isoformat())
    elif view == "week":
        part, more = _due_soon(today, running)
        parts.append(part)
        params += more
    elif view == "pending":
        parts.append(f"(instr(\"outcomes\", 'p') AND {opened})")
    elif view == "clarification":
        parts.append(_having(combos, lambda s: s is Status.WAITING_CLARIFICATION))
    elif view == "check":
        parts.append("(coalesce(\"check\", '') != '')")
    elif view == "closed":
        parts.append(f"(NOT {opened})")
    if status is not None:
        parts.append(_having(combos, lambda s: s is status))
    if queue is not None:
        # A row as imported is nobody's: only the unassigned queue ("") holds it, when open.
        parts.append(opened if queue == "" else "0")
    return (" AND ".join(parts) or "1"), params
