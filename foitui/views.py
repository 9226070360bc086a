"""Selecting and ordering requests for the list: the same filters in the TUI and `foitui list`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import TYPE_CHECKING

from foitui import deadlines

# The list's orders live beside the rows they order (the store keeps them in index.sqlite);
# the app and the CLI read them from here with the filters.
from foitui.store.ordering import SORTS as SORTS
from foitui.store.ordering import is_open as is_open
from foitui.store.ordering import sort_key as sort_key
from foitui.store.ordering import sort_rows as sort_rows
from foitui.store.ordering import waiting as waiting

if TYPE_CHECKING:
    from foitui.law.lapses import FeeLapse
    from foitui.models import Request
    from foitui.store import Store, Summary

DUE_SOON_DAYS = 5


def days_left(row: Summary | Request, today: date) -> int | None:
    """Working days until the due date (negative: overdue); None once it no longer runs."""
    if row.due is None or not is_open(row) or waiting(row):
        return None
    return deadlines.working_days_left(row.due, today, row.law)


def is_overdue(row: Summary, today: date) -> bool:
    return is_open(row) and not waiting(row) and row.due is not None and row.due < today


def is_due_soon(row: Summary, today: date) -> bool:
    left = days_left(row, today)
    return left is not None and 0 <= left <= DUE_SOON_DAYS


def matches_text(row: Summary, needle: str) -> bool:
    """Search over the list's own fields; full-text search is the search index's job."""
    hay = f"{row.id} {row.ref or ''} {row.title} {row.authority or ''} {row.status.value}"
    return needle in hay.lower()


def select(store: Store, **query: object) -> list[Summary]:
    """The rows `foitui list` shows, as a list (`iter_select`'s arguments)."""
    return list(iter_select(store, **query))  # type: ignore[arg-type]


def iter_select(
    store: Store,
    *,
    status: str | None = None,
    search: str | None = None,
    overdue: bool = False,
    due_week: bool = False,
    pending: bool = False,
    exemption: str | None = None,
    reviews: bool = False,
    review_overdue: bool = False,
    lapsed: bool = False,
    sort: str = "id",
    today: date,
    check_split: bool = False,
    assignee: str | None = None,
    unassigned: bool = False,
    clearance: str | None = None,
) -> Iterable[Summary]:
    """The rows `foitui list` shows. In id order (the default) they are made and filtered one
    at a time as the caller reads them (`Store.iter_summaries`); any other order needs them
    all, and is a list."""
    rows: Iterable[Summary] = store.iter_summaries() if sort == "id" else store.summaries()
    if assignee is not None:
        rows = (r for r in rows if r.assignee == assignee)
    if unassigned:
        rows = (r for r in rows if r.assignee is None)
    if clearance:
        from foitui import team

        rule = store.clearance_rule()
        rows = (r for r in rows if team.stage(r, rule) == clearance)
    if check_split:
        rows = (r for r in rows if r.check)
    if lapsed:
        period = clarification_period(store)
        rows = (r for r in rows if lapse_lines(store, r, today, period))
    if reviews or review_overdue:
        rows = (r for r in rows if _open_review(store, r, today, overdue_only=review_overdue))
    if status:
        rows = (r for r in rows if r.status.value == status)
    if overdue:
        rows = (r for r in rows if is_overdue(r, today))
    if due_week:
        rows = (r for r in rows if is_due_soon(r, today))
    if pending:
        rows = (r for r in rows if r.pending and is_open(r))
    if exemption:
        from foitui.exemptions import normalise_code

        code = normalise_code(exemption) or exemption
        ids = store.ids_citing(code)
        rows = (r for r in rows if r.id in ids)
    if search:
        found = store.search_ids(search)
        if found is not None:
            rows = (r for r in rows if int(r.id) in found)
    if sort == "id":
        return rows  # the store gives them in id order
    return sort_rows(rows, sort, in_id_order=True)


def clarification_period(store: Store) -> FeeLapse | None:
    """The store's `clarification_lapse` period, or None when unset (then no such lapse)."""
    from foitui.errors import StoreError
    from foitui.law.lapses import CLARIFICATION_SETTING, parse_period

    text = store.settings().get(CLARIFICATION_SETTING)
    if not text:
        return None
    try:
        return parse_period(str(text))
    except ValueError as error:
        raise StoreError(f"{store.layout.settings}: {error}") from None


_UNREAD = object()


def lapse_lines(
    store: Store, row: Summary, today: date, period: FeeLapse | object | None = _UNREAD
) -> list[str]:
    """Why the request has lapsed (an unpaid fees notice, or a clarification unanswered, past
    its time), or []. `period`: the store's clarification period, when already read."""
    triage = store.triage_doc(row.id)
    if not triage.get("stops"):
        return []  # most requests: no clock stops at all
    from foitui.law.lapses import lapses
    from foitui.store.records import clock_stops

    if period is _UNREAD:
        period = clarification_period(store)
    return lapses(row.law, clock_stops(triage), today, period)  # type: ignore[arg-type]


def _open_review(store: Store, row: Summary, today: date, *, overdue_only: bool) -> bool:
    """Whether the request has an internal review not yet answered (and past its due date)."""
    triage = store.triage_doc(row.id)
    if not triage.get("review"):
        return False  # most requests: no review, no dates to work out
    review = review_of(store, row, triage)
    if review is None or review.completed is not None:
        return False
    return review.overdue(today) if overdue_only else True


def review_of(store: Store, row: Summary | Request, triage: dict | None = None):  # -> Review | None
    """The request's internal review as recorded (None without one), its deadline and lateness
    worked out from the request's dates and the store's `receipt_day` (law.reviews)."""
    from foitui.law.reviews import stored_review

    if triage is None:
        triage = store.triage_doc(str(row.id))
    return stored_review(row.law, triage, row.due, row.responded, store.receipt_day())


def list_json(rows: Iterable[Summary], today: date | None = None, rule: str = "none") -> str:
    """`foitui list --json` as one string (see `list_json_chunks`)."""
    return "".join(list_json_chunks(rows, today, rule))


def list_json_chunks(
    rows: Iterable[Summary], today: date | None = None, rule: str = "none", *, per_chunk: int = 1000
) -> Iterator[str]:
    """`foitui list --json`: the record JSON without the long texts (CONTRACT.md), an object
    per row, one per line; given `per_chunk` rows at a time, so a million rows are written as
    they are read (first line at once, memory the same at any size).

    Written row by row with json's own string escaping (its C `encode_basestring`): at
    100,000 requests, making a dict per row and encoding it took longer than everything else
    the command does. tests/test_cli.py checks it against json.dumps of the same records.
    `overdue` and `days_left` (working days, negative when overdue, null once the deadline no
    longer runs) are counted from `today` (the real today when not given); `clearance` (the
    sign-off stage, foitui/team.py) follows the store's clearance `rule`.
    """
    from foitui.team import stage

    today = today or date.today()
    days: dict[date, str] = {}

    def left(row: Summary) -> str:
        count = days_left(row, today)
        return "null" if count is None else str(count)

    def day(value: date | None) -> str:
        if value is None:
            return "null"
        text = days.get(value)
        if text is None:
            text = days[value] = f'"{value.isoformat()}"'
        return text

    def text(value: str | None) -> str:
        return "null" if value is None else encode_basestring(value)

    lines = (
        f'{{"id": {text(r.id)}, "ref": {text(r.ref)}, "title": {text(r.title)}, '
        f'"authority": {text(r.authority)}, "law": {text(r.law)}, '
        f'"received": {day(r.received)}, "due": {day(r.due)}, "responded": {day(r.responded)}, '
        f'"status": {text(r.status)}, '
        f'"questions": {r.questions}, "decided": {r.decided}, '
        f'"pending": {r.questions - r.decided}, "links": {r.links}, '
        f'"check_split": {"true" if r.check else "false"}, '
        f'"overdue": {"true" if is_overdue(r, today) else "false"}, "days_left": {left(r)}, '
        f'"assignee": {text(r.assignee)}, "clearance": {text(stage(r, rule) or None)}}}'
        for r in rows
    )
    first = True
    while chunk := list(islice(lines, per_chunk)):
        yield ("[\n " if first else ",\n ") + ",\n ".join(chunk)
        first = False
    yield "[]" if first else "\n]"
