"""The request list: cursor keys, open, search, views, status filter, sort, jump, quit."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
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
from tests.tui.conftest import pick_view, run_app, search, settle, shown, typed
from tests.tui.fixtures import (
    BY_DUE,
    BY_URGENCY,
    TODAY,
    build_store,
    list_ids,
    make_app,
    screen_text,
)


@pytest.fixture(params=["imported here", "reopened"])
def store(request: pytest.FixtureRequest, tmp_path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Every test twice: with the store that imported the requests (the list made whole) and
    with the store opened again, as the app opens it (its rows from index.sqlite, made only as
    the list draws them: listing.LazySource, issue 18; a search's rows found as they are read,
    listing.SearchRows, as in a store of a million)."""
    built = build_store(tmp_path / "store")
    if request.param == "imported here":
        return built
    reopened = Store.open(tmp_path / "store")
    from foitui.tui.listing import LazySource, SearchRows

    assert LazySource.of(reopened) is not None
    monkeypatch.setattr(SearchRows, "FEWEST", 0)
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
        assert list_ids(app) == BY_URGENCY
        text = screen_text(app)
        assert "7 requests · open first, most urgent first" in text
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
        assert detail.text.startswith(f"#{first.id} (no ref) · ")
        assert "OVERDUE by 26 working days" in detail.text
        await pilot.press("down")
        second = app.list_screen.table.current
        assert detail.text.startswith(f"#{second.id} {second.ref or '(no ref)'} · ")
        assert detail.text[:40] in screen_text(app)


async def test_the_detail_line_leaves_out_whole_parts_rather_than_cut_the_due_date(
    store: Store,
) -> None:
    # At 80 columns the line was cut at "due 6 Oct 2026 (O…": the received date, then the
    # law, then the authority give way first, so the due date and status stay whole.
    async with run_app(store) as (app, _pilot):
        detail = app.screen.query_one("#list-detail", TextLine)
        line = screen_text(app).splitlines()[-2]
        assert "due 12 Feb 2024 (OVERDUE by 26 working days) · new" in line
        assert "…" not in line
        assert "received" in detail.text and "received" not in line


async def test_enter_opens_the_request(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await pilot.press("j", "enter")
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
        assert list_ids(app) == BY_URGENCY


async def test_search_finds_request_text_and_references(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await search(pilot, "11726")
        assert set(list_ids(app)) == {"1", "2"}


async def test_view_keys(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await pick_view(pilot, "overdue")
        assert list_ids(app) == ["4"]
        await pick_view(pilot, "week")
        assert list_ids(app) == []
        assert "No requests match" in screen_text(app)
        await pilot.press("c")
        assert list_ids(app) == ["6"]
        await pick_view(pilot, "pending")
        assert list_ids(app) == ["4", "2", "7", "5", "3"]
        await pick_view(pilot, "closed")
        assert list_ids(app) == ["1"]
        await pilot.press("escape")  # back to the open queue
        assert list_ids(app) == BY_URGENCY


async def test_due_soon_view(store: Store) -> None:
    async with run_app(store, today=date(2024, 3, 28)) as (app, pilot):
        assert app.today == date(2024, 3, 28)
        await pick_view(pilot, "week")
        assert list_ids(app) == ["2", "7"]


async def test_status_filter_picker(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await pilot.press("S")
        # "any status" first, then the statuses in order: refused is the 9th.
        await pilot.press(*["down"] * 8, "enter")
        assert list_ids(app) == ["1"]
        assert app.list_screen.query_state.status == Status.REFUSED
        await pilot.press("S", "home", "enter")
        assert list_ids(app) == BY_URGENCY


async def test_sort_cycles(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        assert app.list_screen.query_state.sort == "urgent"
        await pilot.press("s")
        assert app.list_screen.query_state.sort == "due"
        assert list_ids(app) == BY_DUE
        assert "by due date" in screen_text(app)
        await pilot.press("s")
        assert app.list_screen.query_state.sort == "received"
        assert list_ids(app) == ["1", "4", "2", "7", "6", "5", "3"]
        await pilot.press("s")
        assert app.list_screen.query_state.sort == "status"
        assert list_ids(app)[0] == "3"  # new first
        await pilot.press("s")
        assert list_ids(app) == ["1", "2", "3", "4", "5", "6", "7"]
        await pilot.press("s")
        assert app.list_screen.query_state.sort == "urgent"


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
        await pick_view(pilot, "overdue")  # filtered in a worker: the keys stay live
        assert "0 of 100,000 requests · overdue" in screen_text(app)


def test_search_results_keep_the_sort_order_and_the_view(store: Store) -> None:
    from foitui.kinds import CLOSED
    from foitui.tui.listing import ListQuery, RowSource
    from foitui.views import sort_rows

    rows = store.summaries()
    source = RowSource(rows, in_id_order=True)
    today = date(2024, 3, 1)
    found = {int(row.id) for row in rows[::2]} | {999}  # every other request, and no request
    for sort in ("id", "due", "received", "status", "urgent"):
        query = ListQuery(sort=sort, search="x", search_ids=found)
        expected = [row for row in sort_rows(rows, sort) if int(row.id) in found]
        assert source.select(query, today) == expected
        pending = [row for row in expected if row.pending > 0 and row.status not in CLOSED]
        assert source.select(query.with_(view="pending"), today) == pending
    everything = frozenset(int(row.id) for row in rows)
    result = source.select(ListQuery(search="x", search_ids=everything), today)
    assert result == sort_rows(rows, "urgent")
    assert result is not source.select(ListQuery(search="x", search_ids=everything), today)


LONG_REFS = ("FOISA 2026/1587", "FOISA 2026/1432")


@pytest.mark.parametrize(
    ("width", "has_id", "has_authority"),
    [(60, False, False), (80, False, False), (120, True, True), (160, True, True)],
)
async def test_columns_share_out_the_width_by_what_they_hold(
    store: Store, width: int, has_id: bool, has_authority: bool
) -> None:
    # References were cut to 13 characters at every width ("FOISA 2026/1…" for two
    # requests, even at 160 columns where the title had 75). Enough requests to scroll, so
    # the list has its scrollbar: nothing may be drawn under it.
    store.import_requests(
        [
            make_request(n, title=f"Allotment waiting lists {n}", ref=LONG_REFS[n % 2])
            for n in range(10, 12)
        ]
        + [make_request(n, title=f"Allotment waiting lists {n}") for n in range(12, 50)],
        [f"more-{n}" for n in range(10, 50)],
    )
    app = make_app(store)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        table = app.list_screen.table
        assert table.scrollable_content_region.width == width - 1  # the scrollbar is there
        await pick_view(pilot, "all")
        await pilot.press("s", "s", "s", "s")  # by id: the two long references on screen
        lines = screen_text(app).splitlines()
        header = lines[2]
        assert header.split()[:2] == (["ID", "REF"] if has_id else ["REF", "TITLE"])
        assert ("AUTHORITY" in header) == has_authority
        assert all(any(ref in line for line in lines) for ref in LONG_REFS)  # never cut
        # Rows end before the scrollbar's cell: "OVERDUE 26d" keeps its "d" (it lost it at 60).
        assert any(re.search(r"OVERDUE 26d", line[: width - 1]) for line in lines)


def test_a_reference_is_cut_only_when_the_title_has_no_room_left() -> None:
    from foitui.tui.widgets.request_table import TITLE_MIN, ContentWidths, columns_for

    content = ContentWidths(ref=24, title=70, authority=25, id=3)
    for width in range(60, 200):
        columns = {c.name: c.width for c in columns_for(width, content)}
        assert sum(w + 1 for w in columns.values()) + 2 <= width
        if columns["ref"] < 24:
            assert columns["title"] <= TITLE_MIN, width
        if "authority" in columns:
            assert columns["title"] >= 30, width


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
        assert list_ids(app) == [row.id for row in views.sort_rows(rows, "urgent")]
        assert list_ids(app) != BY_URGENCY
        await pilot.press("s")  # the open queue's order -> due
        await settle(pilot)
        assert list_ids(app) == [row.id for row in views.sort_rows(rows, "due")]
        await pilot.press("s", "s")  # due -> received -> status
        await settle(pilot)
        assert list_ids(app) == [row.id for row in views.sort_rows(rows, "status")]
        shown_status = {row.id: row.status for row in app.list_screen.table.rows}
        assert shown_status["4"] == Status.REFUSED


# Search on a store opened again (issue 18): the matches stay SQLite's text and the rows are
# found as the list reads them (listing.SearchRows), or put in order by each id's place when
# few match. Each way must give what filtering the whole order gives: same rows, same order.
SEARCHES = ("p", "pa", "d", "data", "council", "11726", "pothole", "refused", "zzz")


@pytest.mark.parametrize(
    "way", ["walked", "walked in steps of one", "as a set", "by place", "planned"]
)
def test_search_on_a_reopened_store_lists_what_filtering_lists(
    tmp_path, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    from foitui.store import search
    from foitui.tui.listing import SORT_CYCLE, LazySource, ListQuery, RowSource, SearchRows

    if way == "planned":  # as at a million: search_plan.py, the matches counted apart
        monkeypatch.setattr(search, "PLANNED_FROM", 0)
        monkeypatch.setattr(search, "PROBE", 2)
        monkeypatch.setattr(SearchRows, "HEAD", 1)
        monkeypatch.setattr(SearchRows, "STEP", 1)

    build_store(tmp_path / "store")
    store = Store.open(tmp_path / "store")
    whole = RowSource(store.summaries(), in_id_order=True)
    monkeypatch.setattr(SearchRows, "FEWEST", 0)
    if way == "walked in steps of one":  # and read far down: the whole order filtered
        monkeypatch.setattr(SearchRows, "STEP", 1)
        monkeypatch.setattr(SearchRows, "HEAD", 1)
        monkeypatch.setattr(SearchRows, "FAR_IN_TEXT", 3)
    if way in ("as a set", "by place"):
        monkeypatch.setattr(SearchRows, "DENSE", 0)
    if way == "by place":
        monkeypatch.setattr(SearchRows, "SPARSE", 0)
    for text in SEARCHES:
        found = store.search_matches(text)
        assert found is not None and found.in_id_order
        for sort in SORT_CYCLE:
            query = ListQuery(sort=sort, search=text, search_ids=found)
            expected = [row.id for row in whole.select(query, TODAY)]
            assert expected == [
                row.id
                for row in whole.select(query.with_(search_ids=store.search_ids(text)), TODAY)
            ]
            source = LazySource.of(store)
            assert source is not None

            def chosen(query: ListQuery = query, source: LazySource = source) -> Sequence:
                rows = source.select(query, TODAY)
                if getattr(rows, "counting", False):  # as the screen's worker does
                    rows.set_count(query.search_ids.counted())
                return rows

            rows = chosen()
            if way != "planned":  # (planned, matching every request: the order itself)
                assert isinstance(rows, SearchRows) == (way != "by place" and bool(expected))
            assert len(rows) == len(expected), (text, sort)
            assert [rows[i].id for i in range(len(rows))] == expected, (text, sort)
            assert [row.id for row in chosen()] == expected
            for at, rid in enumerate(expected):  # the cursor kept on a row, from a fresh walk
                assert chosen().index_of(rid) == at
            assert all(
                rows.index_of(row.id) is None for row in whole.rows if row.id not in expected
            )
            if expected:
                assert chosen()[-1].id == expected[-1]
                assert [row.id for row in chosen()[1:3]] == expected[1:3]


async def test_search_keeps_the_cursor_row_and_reaches_the_last_match(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from foitui.tui.listing import SearchRows

    monkeypatch.setattr(SearchRows, "FEWEST", 0)
    build_store(tmp_path / "store")
    store = Store.open(tmp_path / "store")
    async with run_app(store) as (app, pilot):
        table = app.list_screen.table
        await pilot.press("end")
        last = table.current
        assert last is not None
        await search(pilot, "d")  # some requests have a word starting with "d"
        assert isinstance(table.rows, SearchRows)  # found as read, as at a million
        assert table.current is not None and table.current.id == last.id
        matched = list_ids(app)
        assert 0 < len(matched) < len(BY_URGENCY)
        assert f"{len(matched)} of 7 requests" in screen_text(app)
        await pilot.press("enter", "home")
        assert table.current is not None and table.current.id == matched[0]
        await pilot.press("end")
        assert table.current is not None and table.current.id == matched[-1]


# Search at a million (issue 18): when many match, the list shows its first rows at once and
# the header says "counting…" until the matches are counted apart (Matches.counted, in a
# worker); a count for an older keystroke never replaces the newer search's.


class _Counted:
    """Stands for search_plan.Counting: counts a fixed set."""

    cancelled = False

    def __init__(self, ids: frozenset[int]) -> None:
        self.ids = ids

    def run(self, *, cancellable: bool = True) -> int:
        return len(self.ids)

    def cancel(self) -> None:
        self.cancelled = True


def test_search_rows_being_counted_are_those_filtering_gives(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from foitui.store.search import Matches
    from foitui.tui.listing import LazySource, ListQuery, RowSource, SearchRows

    monkeypatch.setattr(SearchRows, "FEWEST", 0)
    monkeypatch.setattr(SearchRows, "HEAD", 2)
    monkeypatch.setattr(SearchRows, "STEP", 1)
    build_store(tmp_path / "store")
    store = Store.open(tmp_path / "store")
    ids = frozenset(store.search_ids("d") or ())
    whole = RowSource(store.summaries(), in_id_order=True)
    expected = [row.id for row in whole.select(ListQuery(search="d", search_ids=ids), TODAY)]
    assert 2 < len(expected) < 7
    for count_first in (True, False):
        found = Matches(
            counting=_Counted(ids),  # type: ignore[arg-type]
            load=lambda: ids,
            among=lambda batch: [rid for rid in batch if rid in ids],
            bounds=(min(ids), max(ids)),
        )
        source = LazySource.of(store)
        assert source is not None
        rows = source.select(ListQuery(search="d", search_ids=found), TODAY)
        assert isinstance(rows, SearchRows) and rows.counting
        assert 2 <= len(rows) < len(expected)  # the first rows, found as read
        assert [rows[i].id for i in range(len(rows))] == expected[: len(rows)]
        # The cursor is kept on a row found by a short walk; one further down than a walk
        # goes is not looked for (it would test every id above it), though it is listed.
        source = LazySource.of(store)
        assert source is not None
        probe = source.select(ListQuery(search="d", search_ids=found), TODAY)
        assert isinstance(probe, SearchRows)
        probe._far = 1
        assert probe.index_near(expected[0]) == 0
        assert probe.index_near(expected[-1]) is None and probe.index_of(expected[-1]) is not None
        if count_first:
            rows.set_count(found.counted() or 0)
            assert not rows.counting and len(rows) == len(expected)
            assert [rows[i].id for i in range(len(rows))] == expected
        else:  # read to the end before the count came: the count is the rows
            assert [row.id for row in rows] == expected and not rows.counting
            rows.set_count(len(expected))
            assert [row.id for row in rows] == expected


@pytest.fixture
def counted_later(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """A reopened store whose searches take the path of many matches at a million (tested as
    read, counted apart), with each count held until the test lets it go."""
    import threading

    from foitui.store import search
    from foitui.store.search_plan import Counting
    from foitui.tui.listing import SearchRows

    build_store(tmp_path / "store")
    monkeypatch.setattr(SearchRows, "FEWEST", 0)
    monkeypatch.setattr(SearchRows, "HEAD", 1)  # a screenful is one row
    monkeypatch.setattr(SearchRows, "STEP", 1)
    monkeypatch.setattr(search, "PLANNED_FROM", 0)  # planned as at a million
    monkeypatch.setattr(search, "PROBE", 1)  # one match is not "all there are"
    monkeypatch.setattr(search, "DENSE", 10**6)  # any match in the sample is "many"
    gate = threading.Event()
    run = Counting.run

    def held(self: Counting, *, cancellable: bool = True) -> int | None:
        gate.wait(10)
        return run(self, cancellable=cancellable)

    monkeypatch.setattr(Counting, "run", held)
    yield Store.open(tmp_path / "store"), gate
    gate.set()


async def _typed_until_shown(pilot: Pilot, letters: str, *, counting: bool) -> None:
    """Type `letters` into the search box until the list shows their search's first rows
    (`counting`: still being counted)."""
    app = pilot.app
    screen = app.list_screen
    for letter in letters:
        await pilot.press(letter)
    typed = screen.query_one("#list-search").value.strip()
    deadline = time.monotonic() + 5
    while not (
        screen.query_state.search == typed
        and screen.query_state.search_ids is not None
        and (screen.counting or not counting)
    ):
        assert time.monotonic() < deadline, "the first rows never came"
        await pilot.pause(0.01)


async def test_the_header_says_counting_then_the_count(counted_later) -> None:
    store, gate = counted_later
    expected_ids = store.search_ids("p") or set()
    async with run_app(store) as (app, pilot):
        await pilot.press("slash")
        await _typed_until_shown(pilot, "p", counting=True)
        assert 'counting… of 7 requests · search "p"' in screen_text(app)
        gate.set()
        await settle(pilot)
        assert not app.list_screen.counting
        assert f'{len(expected_ids)} of 7 requests · search "p"' in screen_text(app)
        assert list_ids(app) == [rid for rid in BY_URGENCY if int(rid) in expected_ids]


async def test_a_count_for_an_older_keystroke_is_dropped(counted_later) -> None:
    store, gate = counted_later
    async with run_app(store) as (app, pilot):
        screen = app.list_screen
        await pilot.press("slash")
        await _typed_until_shown(pilot, "p", counting=True)
        old_query, old_rows = screen.query_state, screen.table.rows
        await _typed_until_shown(pilot, "o", counting=False)  # "po": the count of "p" stops
        # A count of "p" arriving now is not the list's: neither its header nor its length.
        screen.post_message(screen.SearchCounted(old_query, old_rows, 999))
        await pilot.pause()
        assert "999" not in screen_text(app)
        gate.set()
        await settle(pilot)
        assert old_query.search_ids.count is None  # stopped, never counted
        expected = len(store.search_ids("po") or ())
        assert f'{expected} of 7 requests · search "po"' in screen_text(app)
        assert len(screen.table.rows) == expected and "999" not in screen_text(app)


async def test_escape_shows_the_same_rows_as_before_the_search(tmp_path) -> None:
    # Escape out of a search at a million: the unfiltered rows are kept (those already made
    # too), shown at once without a worker.
    build_store(tmp_path / "store")
    store = Store.open(tmp_path / "store")
    async with run_app(store) as (app, pilot):
        table = app.list_screen.table
        before = table.rows
        await search(pilot, "d")
        assert table.rows is not before
        await pilot.press("escape")
        assert table.rows is before  # at once: no worker ran in between
        assert list_ids(app) == BY_URGENCY
