"""The orders of the request list: the same in the app, `foitui list` and the orders the
store keeps in index.sqlite (Store.list_order), so it sits with the rows it orders."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from foitui.kinds import CLOSED, Status

if TYPE_CHECKING:
    from foitui.models import Request
    from foitui.store.records import Summary

#: The orders `sort_rows` knows.
SORTS = ("id", "due", "received", "status", "urgent")


def is_open(row: Summary | Request) -> bool:
    """Whether the request's deadline still runs: not closed, and no response sent yet."""
    return row.status not in CLOSED and row.responded is None


def waiting(row: Summary | Request) -> bool:
    """Waiting for the requester's clarification: the clock is stopped (FOIA s.1(3)), even for
    an imported request whose status says so without a clock stop recorded."""
    return row.status is Status.WAITING_CLARIFICATION


def _id(row: Summary) -> int:
    return int(row.id)


_NO_DATE = date.max.toordinal()
_GROUP = 2 * _NO_DATE  # wider than any one group's keys


def _urgency(row: Summary) -> int:
    """The open queue's order as one int: requests whose clock runs, soonest due first (the
    most overdue at the top, dateless last); then those waiting for the requester's
    clarification (their clock is stopped); then closed ones, the latest due first."""
    return urgency(row.due, row.status, row.responded)


def urgency(due_day: date | None, status: Status, responded: date | None) -> int:
    """`_urgency` of a row with these values."""
    due = due_day.toordinal() if due_day else _NO_DATE
    group = 2 if responded is not None else urgency_group(status)  # 2: not `is_open`
    if group == 2:
        return 2 * _GROUP + (_NO_DATE - due if due_day else _NO_DATE)
    return group * _GROUP + due


def urgency_group(status: Status) -> int:
    """Where a request with this status (and no response date recorded) goes in the open
    queue's order: 0 its clock runs, 1 waiting for clarification, 2 closed."""
    if status in CLOSED:
        return 2
    return 1 if status is Status.WAITING_CLARIFICATION else 0


#: The status order (`sort_rows`'s "status"): as the statuses are declared.
STATUS_RANK = {status: i for i, status in enumerate(Status)}


def sort_rows(rows: Iterable[Summary], sort: str, *, in_id_order: bool = False) -> list[Summary]:
    """Rows in `sort` order; ties (and rows without the date) in id order, dateless last.

    Sorted by id first (unless `in_id_order` says they are), then by the one key alone:
    Python's sort is stable, so ties keep id order, and a plain key is much cheaper than a
    tuple per row at 100,000 rows.
    """
    by_id = list(rows) if in_id_order else sorted(rows, key=_id)
    if sort == "urgent":
        return sorted(by_id, key=_urgency)
    if sort == "due":
        return sorted(by_id, key=lambda r: r.due or date.max)
    if sort == "received":
        return sorted(by_id, key=lambda r: r.received or date.max)
    if sort == "status":
        return sorted(by_id, key=lambda r: STATUS_RANK[r.status])
    return by_id


_STATUS_ORDER = {s: i for i, s in enumerate(Status)}


def sort_key(sort: str) -> Callable[[Summary], tuple[Any, int]]:
    """The key `sort_rows` orders by, ties by id: to find where one row goes in a sorted list."""
    if sort == "due":
        return lambda r: (r.due or date.max, int(r.id))
    if sort == "received":
        return lambda r: (r.received or date.max, int(r.id))
    if sort == "status":
        return lambda r: (_STATUS_ORDER[r.status], int(r.id))
    if sort == "urgent":
        return lambda r: (_urgency(r), int(r.id))
    return lambda r: (0, int(r.id))
