"""The request list: cursor keys, open, search, views, status filter, sort, jump, quit."""

from __future__ import annotations

import time
from datetime import date

import pytest
from textual.pilot import Pilot

from foitui import views
from foitui.models import Status
from foitui.store import Store
from foitui.tui.labels import days_left_label
from foitui.tui.screens.request_list import RequestListScreen
from foitui.tui.screens.request_view import RequestScreen
from foitui.tui.widgets.text_line import TextLine
from tests.conftest import make_request
from tests.tui.conftest import run_app, search, settle, shown, typed
from tests.tui.fixtures import BY_DUE, TODAY, build_store, list_ids, make_app, screen_text


@pytest.fixture(params=["imported here", "reopened"])
def store(request: pytest.FixtureRequest, tmp_path) -> Store:
    """Every test twice: with the store that imported the requests (the list made whole) and
    with the store opened again, as the app opens it (its rows from index.sqlite, made only as
    the list draws them: listing.LazySource, issue 18)."""
    built = build_store(tmp_path / "store")
    if request.param == "imported here":
        return built
    reopened = Store.open(tmp_path / "store")
    from foitui.tui.listing import LazySource

    assert LazySource.of(reopened) is not None
    return reopened


async def jump(pilot: Pilot, text: str) -> None:
    """Jump to a request by reference or id (`:`, the text, enter)."""
    await pilot.press("colon")
    await typed(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def test_list_shows_every_request_with_due_text(store: Store) -> None:
    async with run_app(store) as (app, _pilot):
        assert isinstance(app.screen, RequestListScreen)
        assert list_ids(app) == BY_DUE
        text = screen_text(app)
        assert "7 requests · sort due" in text
        assert "OVERDUE 26d" in text  # overdue reads as text, not colour alone
        assert "8d left" in text
        assert "3/5" in text  # answered of total questions


async def test_cursor_keys(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        table = app.list_screen.table
        await pilot.press("j", "down")
        assert table.cursor == 2
        await pilot.press("k")
        assert table.cursor == 1
        await pilot.press("G")
        assert table.cursor == 6
        await pilot.press("g")
        assert table.cursor == 0
        await pilot.press("end", "up", "home")
        assert table.cursor == 0
        await pilot.press("pagedown")
        assert table.cursor == 6
        await pilot.press("pageup")
        assert table.cursor == 0


async def test_the_detail_line_follows_the_cursor(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        detail = app.screen.query_one("#list-detail", TextLine)
        first = app.list_screen.table.current
        assert detail.text.startswith(f"#{first.id} ")
        await pilot.press("down")
        second = app.list_screen.table.current
        assert detail.text.startswith(f"#{second.id} {second.ref or '(no ref)'} · ")
        assert "OVERDUE by 26 working days" in detail.text
        assert detail.text[:40] in screen_text(app)


async def test_enter_opens_the_request(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert shown(app, RequestScreen).request_id == "2"
        await pilot.press("escape")
        assert isinstance(app.screen, RequestListScreen)


async def test_search_as_you_type_then_escape(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await search(pilot, "pothole")
        assert list_ids(app) == ["4"]
        assert 'search "pothole"' in screen_text(app)
        await pilot.press("enter")  # keeps the search, back to the list
        assert app.focused is app.list_screen.table
        assert list_ids(app) == ["4"]
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert list_ids(app) == BY_DUE


async def test_search_finds_request_text_and_references(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await search(pilot, "11726")
        assert set(list_ids(app)) == {"1", "2"}


async def test_view_keys(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await pilot.press("o")
        assert list_ids(app) == ["4"]
        await pilot.press("w")
        assert list_ids(app) == []
        assert "No requests match" in screen_text(app)
        await pilot.press("c")
        assert list_ids(app) == ["6"]
        await pilot.press("p")
        assert list_ids(app) == ["4", "2", "7", "5", "3"]
        await pilot.press("a")
        assert list_ids(app) == BY_DUE


async def test_due_soon_view(store: Store) -> None:
    async with run_app(store, today=date(2024, 3, 28)) as (app, pilot):
        assert app.today == date(2024, 3, 28)
        await pilot.press("w")
        assert list_ids(app) == ["2", "7"]


async def test_status_filter_picker(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await pilot.press("f")
        # "any status" first, then the statuses in order: refused is the 9th.
        await pilot.press(*["down"] * 8, "enter")
        assert list_ids(app) == ["1"]
        assert app.list_screen.query_state.status == Status.REFUSED
        await pilot.press("f", "home", "enter")
        assert list_ids(app) == BY_DUE


async def test_sort_cycles(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await pilot.press("s")
        assert app.list_screen.query_state.sort == "received"
        assert list_ids(app) == ["1", "4", "2", "7", "6", "5", "3"]
        await pilot.press("s")
        assert app.list_screen.query_state.sort == "status"
        assert list_ids(app)[0] == "3"  # new first
        await pilot.press("s")
        assert list_ids(app) == ["1", "2", "3", "4", "5", "6", "7"]
        await pilot.press("s")
        assert app.list_screen.query_state.sort == "due"


async def test_jump_by_reference_and_id(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await jump(pilot, "FOI 11726")
        assert shown(app, RequestScreen).request_id == "1"
        await pilot.press("escape", "number_sign", "4", "enter")
        await settle(pilot)
        assert app.screen.request_id == "4"
        assert app.list_screen.table.current.id == "4"


async def test_jump_takes_an_id_written_as_the_app_shows_it(store: Store) -> None:
    # The detail line, headings and links show ids as "#4": typed so, it is that request.
    async with run_app(store) as (app, pilot):
        await jump(pilot, "#4")
        assert shown(app, RequestScreen).request_id == "4"


async def test_jump_to_unknown_reference_stays_in_the_prompt(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await jump(pilot, "FOI 99999")
        assert "No request with id or reference 'FOI 99999'" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, RequestListScreen)


async def test_a_session_left_open_overnight_counts_from_the_new_day(store: Store) -> None:
    # The list drew its "Nd left" from the day the app started, while the detail line and
    # the request view used the real day: the two disagreed from the first midnight on.
    async with run_app(store) as (app, pilot):
        assert "EIR 2024/101" in screen_text(app)
        before = days_left_label(views.days_left(app.list_screen.all_rows["3"], TODAY))
        assert before in screen_text(app)
        later = date(2024, 3, 27)
        app._today = later
        app.poll_store()  # the app's 2-second timer
        await settle(pilot)
        after = days_left_label(views.days_left(app.list_screen.all_rows["3"], later))
        assert after != before
        row = next(line for line in screen_text(app).splitlines() if "EIR 2024/101" in line)
        assert after in row


async def test_q_quits_from_the_list(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_hundred_thousand_rows_stay_instant(store: Store) -> None:
    base = store.summaries()[1]
    rows = [base._replace(id=str(i), title=f"Request {i}") for i in range(1, 100_001)]
    async with run_app(store) as (app, pilot):
        started = time.perf_counter()
        app.list_screen.set_summaries(rows)  # sorted in a worker at this size
        await settle(pilot)
        assert time.perf_counter() - started < 3.0
        assert "100,000 requests" in screen_text(app)
        started = time.perf_counter()
        await pilot.press("G")
        assert app.list_screen.table.cursor == 99_999
        assert "Request 100000" in screen_text(app)
        await pilot.press("pageup", "k", "g")
        assert time.perf_counter() - started < 1.5  # each key redraws ~20 rows, not 100,000
        await pilot.press("o")  # filtered in a worker: the keys stay live meanwhile
        await settle(pilot)
        assert "0 of 100,000 requests · overdue" in screen_text(app)


def test_search_results_keep_the_sort_order_and_the_view(store: Store) -> None:
    from foitui.tui.listing import ListQuery, RowSource
    from foitui.views import CLOSED, sort_rows

    rows = store.summaries()
    source = RowSource(rows, in_id_order=True)
    today = date(2024, 3, 1)
    found = {int(row.id) for row in rows[::2]} | {999}  # every other request, and no request
    for sort in ("id", "due", "received", "status"):
        query = ListQuery(sort=sort, search="x", search_ids=found)
        expected = [row for row in sort_rows(rows, sort) if int(row.id) in found]
        assert source.select(query, today) == expected
        pending = [row for row in expected if row.pending > 0 and row.status not in CLOSED]
        assert source.select(query.with_(view="pending"), today) == pending
    everything = frozenset(int(row.id) for row in rows)
    result = source.select(ListQuery(search="x", search_ids=everything), today)
    assert result == sort_rows(rows, "due")
    assert result is not source.select(ListQuery(search="x", search_ids=everything), today)


@pytest.mark.parametrize(
    ("width", "has_id", "has_authority"),
    [
        (80, False, False),
        (99, False, False),
        (100, True, False),
        (119, True, False),
        (120, True, True),
    ],
)
async def test_wider_terminals_add_columns_with_a_scrollbar_too(
    store: Store, width: int, has_id: bool, has_authority: bool
) -> None:
    # Enough requests to scroll, so the list has its scrollbar (one cell of the width): the
    # columns still follow the terminal's width, 100 for ID and 120 for AUTHORITY.
    store.import_requests(
        [make_request(n, title=f"Allotment waiting lists {n}") for n in range(10, 50)],
        [f"more-{n}" for n in range(10, 50)],
    )
    app = make_app(store)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        table = app.list_screen.table
        assert table.scrollable_content_region.width == width - 1  # the scrollbar is there
        header = screen_text(app).splitlines()[2]
        assert header.split()[:2] == (["ID", "REF"] if has_id else ["REF", "TITLE"])
        assert ("AUTHORITY" in header) == has_authority
        for line in screen_text(app).splitlines()[2:8]:
            assert len(line.rstrip()) <= width


async def test_jump_to_a_superscript_digit_is_no_request(store: Store) -> None:
    # `:` then `²` crashed the app with a traceback (and exit code 0): "²".isdigit() is true,
    # int("²") fails. Digits of an id are ASCII digits.
    async with run_app(store) as (app, pilot):
        await jump(pilot, "²")
        assert "No request with id or reference '²'" in screen_text(app)
        await pilot.press("escape")
        await jump(pilot, "9" * 5000)
        assert isinstance(app.screen, RequestListScreen) or "No request" in screen_text(app)
        assert app.return_code in (None, 0) and app.is_running


async def test_an_edit_puts_its_request_where_its_new_values_sort_it(store: Store) -> None:
    """The list's order follows an edit: a later receipt moves the request down the due order,
    a status changes its place in the status order (the rows made on demand as well)."""
    async with run_app(store) as (app, pilot):
        moved = list_ids(app)[0]
        store.set_field(moved, "received", "2026-11-20")
        store.set_status("4", "refused")
        app.store_changed({moved, "4"})
        await settle(pilot)
        rows = Store.open(store.root).summaries()
        assert list_ids(app) == [row.id for row in views.sort_rows(rows, "due")]
        assert list_ids(app) != BY_DUE
        await pilot.press("s", "s")  # due -> received -> status
        await settle(pilot)
        assert list_ids(app) == [row.id for row in views.sort_rows(rows, "status")]
        shown_status = {row.id: row.status for row in app.list_screen.table.rows}
        assert shown_status["4"] == Status.REFUSED
