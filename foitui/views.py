"""Selecting and ordering requests for the list: the same filters in the TUI and `foitui list`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from foitui import deadlines
from foitui.models import Status

if TYPE_CHECKING:
    from foitui.store import Store, Summary

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
DUE_SOON_DAYS = 5
SORTS = ("id", "due", "received", "status")


def is_open(row: Summary) -> bool:
    return row.status not in CLOSED


def days_left(row: Summary, today: date) -> int | None:
    if row.due is None or not is_open(row):
        return None
    return deadlines.working_days_left(row.due, today, row.law)


def is_overdue(row: Summary, today: date) -> bool:
    return is_open(row) and row.due is not None and row.due < today


def is_due_soon(row: Summary, today: date) -> bool:
    left = days_left(row, today)
    return left is not None and 0 <= left <= DUE_SOON_DAYS


def matches_text(row: Summary, needle: str) -> bool:
    """Search over the list's own fields; full-text search is the search index's job."""
    hay = f"{row.id} {row.ref or ''} {row.title} {row.authority or ''} {row.status.value}"
    return needle in hay.lower()


def sort_rows(rows: list[Summary], sort: str) -> list[Summary]:
    if sort == "due":
        return sorted(rows, key=lambda r: (r.due is None, r.due or date.max, int(r.id)))
    if sort == "received":
        return sorted(rows, key=lambda r: (r.received is None, r.received or date.max, int(r.id)))
    if sort == "status":
        order = {s: i for i, s in enumerate(Status)}
        return sorted(rows, key=lambda r: (order[r.status], int(r.id)))
    return sorted(rows, key=lambda r: int(r.id))


def select(
    store: Store,
    *,
    status: str | None = None,
    search: str | None = None,
    overdue: bool = False,
    due_week: bool = False,
    pending: bool = False,
    exemption: str | None = None,
    sort: str = "id",
    today: date,
) -> list[Summary]:
    rows: Iterable[Summary] = store.summaries()
    if status:
        rows = [r for r in rows if r.status.value == status]
    if overdue:
        rows = [r for r in rows if is_overdue(r, today)]
    if due_week:
        rows = [r for r in rows if is_due_soon(r, today)]
    if pending:
        rows = [r for r in rows if r.pending and is_open(r)]
    if exemption:
        from foitui.exemptions import normalise_code

        code = normalise_code(exemption) or exemption
        ids = store.ids_citing(code)
        rows = [r for r in rows if r.id in ids]
    if search:
        ids = store.search(search)
        rows = [r for r in rows if r.id in ids]
    return sort_rows(list(rows), sort)


def summary_json(row: Summary) -> dict[str, Any]:
    """The record JSON without the long texts (CONTRACT.md `foitui list --json`)."""
    return {
        "id": row.id,
        "ref": row.ref,
        "title": row.title,
        "authority": row.authority,
        "law": row.law.value,
        "received": row.received.isoformat() if row.received else None,
        "due": row.due.isoformat() if row.due else None,
        "status": row.status.value,
        "questions": row.questions,
        "decided": row.decided,
        "pending": row.pending,
        "links": row.links,
    }
