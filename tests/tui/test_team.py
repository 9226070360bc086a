"""The team in the app (issue 19): my queue, the queue picker, assigning, sign-off, case notes.

Every test asserts on the store as another process would read it (`Store.open` again), not
only on the screen."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from foitui import team, views
from foitui.store import Store
from foitui.tui.screens.choice import ChoiceScreen
from foitui.tui.screens.clock import ClockScreen
from foitui.tui.screens.confirm import ConfirmScreen
from foitui.tui.screens.prompt import PromptScreen
from foitui.tui.screens.request_view import RequestScreen
from tests.tui.conftest import (
    open_by_key,
    open_from_request,
    open_request,
    run_app,
    settle,
    shown,
    type_into_focused,
)
from tests.tui.fixtures import BY_URGENCY, TODAY, list_ids, screen_text


async def choose(pilot: Pilot, value: str) -> None:
    """In the choice dialog shown, pick the entry whose value is `value` (enter)."""
    screen = shown(pilot.app, ChoiceScreen)
    values = [v for v, _ in screen.choices]
    assert value in values, values
    screen.query_one(OptionList).highlighted = values.index(value)
    await pilot.press("enter")
    await settle(pilot)


async def answer(pilot: Pilot, text: str) -> None:
    shown(pilot.app, PromptScreen)
    await type_into_focused(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


def on_disk(store: Store) -> Store:
    return Store.open(store.root)


def open_ids(store: Store, assignee: str | None) -> list[str]:
    """Open requests held by `assignee`, most urgent (soonest due) first."""
    rows = [r for r in store.summaries() if r.assignee == assignee and views.is_open(r)]
    return [r.id for r in views.sort_rows(rows, "urgent")]


# ------------------------------------------------------------------ my queue


async def test_the_app_opens_on_my_open_requests_most_urgent_first(store: Store) -> None:
    mine = [r.id for r in store.summaries() if views.is_open(r)][:2]
    for rid in mine:
        store.assign(rid, store.user)
    store.assign("1", store.user)  # closed: not in the queue
    async with run_app(store) as (app, pilot):
        assert list_ids(app) == open_ids(store, store.user) and len(list_ids(app)) == 2
        assert f"my queue ({store.user})" in screen_text(app)
        # W: the unassigned queue (open requests nobody holds), then escape: all requests.
        await open_by_key(pilot, "W", ChoiceScreen)
        await choose(pilot, "*none")
        assert list_ids(app) == open_ids(store, None)
        assert "unassigned queue" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert list_ids(app) == BY_URGENCY
        assert "queue" not in screen_text(app).splitlines()[1]


async def test_the_app_opens_on_the_whole_list_when_i_hold_nothing(store: Store) -> None:
    store.assign("4", "alice")
    async with run_app(store) as (app, pilot):
        assert list_ids(app) == BY_URGENCY
        assert "my queue" not in screen_text(app)
        # Another officer's queue, from the picker.
        await open_by_key(pilot, "W", ChoiceScreen)
        await choose(pilot, "alice")
        assert list_ids(app) == ["4"]
        assert "alice's queue" in screen_text(app)


# ------------------------------------------------------------------ assigning


async def test_assign_from_the_list_reassign_and_unassign(store: Store) -> None:
    store.set_setting("teams", "records")
    async with run_app(store) as (app, pilot):
        rid = app.list_screen.table.current.id  # type: ignore[union-attr]
        await open_by_key(pilot, "A", ChoiceScreen)
        await choose(pilot, "team:records")
        assert on_disk(store).summary(rid).assignee == "team:records"
        assert "@records" in screen_text(app)  # the WHO column
        # Someone who has not used the store yet: typed in.
        await open_by_key(pilot, "A", ChoiceScreen)
        await choose(pilot, "*other")
        await answer(pilot, "carol")
        assert on_disk(store).summary(rid).assignee == "carol"
        await open_by_key(pilot, "A", ChoiceScreen)
        await choose(pilot, "*none")
        assert on_disk(store).summary(rid).assignee is None
        journal = [c for c in on_disk(store).history(rid) if c.action == "assign"]
        assert [c.new for c in journal] == ["team:records", "carol", None]


async def test_assign_from_the_request_view(store: Store) -> None:
    async with run_app(store) as (_app, pilot):
        await open_from_request(pilot, "3", "A", ChoiceScreen)
        await choose(pilot, store.user)
        assert on_disk(store).summary("3").assignee == store.user
        assert f"assigned to {store.user}" in screen_text(pilot.app)


# ------------------------------------------------------------------ sign-off


async def test_sign_off_ready_sent_back_then_cleared(store: Store) -> None:
    due = store.summary("3").due
    async with run_app(store) as (app, pilot):
        await open_from_request(pilot, "3", "V", ChoiceScreen)
        await choose(pilot, "needed")
        assert on_disk(store).summary("3").clearance_needed is True
        assert "sign-off: drafting" in screen_text(app)
        await open_by_key(pilot, "V", ChoiceScreen)
        await choose(pilot, "ready")
        assert on_disk(store).summary("3").clearance == team.AWAITING
        await open_by_key(pilot, "V", ChoiceScreen)
        await choose(pilot, "return")
        await answer(pilot, "Cite s.40(2) in Q1")
        again = on_disk(store)
        assert again.summary("3").clearance == team.RETURNED
        assert again.case_notes("3")[-1].text == "sent back: Cite s.40(2) in Q1"
        await open_by_key(pilot, "V", ChoiceScreen)
        await choose(pilot, "ready")
        await open_by_key(pilot, "V", ChoiceScreen)
        await choose(pilot, "clear")
        assert on_disk(store).summary("3").clearance == team.CLEARED
        assert "sign-off: cleared" in screen_text(app)
        assert on_disk(store).summary("3").due == due  # the deadline never moves


async def test_recording_the_response_date_without_clearance_asks_first(store: Store) -> None:
    store.set_needs_clearance("3", True)
    async with run_app(store) as (_app, pilot):
        await open_from_request(pilot, "3", "K", ClockScreen)
        await pilot.press("d")  # the date responded
        await answer(pilot, TODAY.isoformat())
        shown(pilot.app, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert on_disk(store).summary("3").responded is None
        await pilot.press("d")
        await answer(pilot, TODAY.isoformat())
        await pilot.press("y")
        await settle(pilot)
        assert on_disk(store).summary("3").responded == TODAY


# ------------------------------------------------------------------ case notes


async def test_case_notes_added_shown_and_never_undone(store: Store) -> None:
    text = "Rang the requester [b]about[/b] part 3"  # untrusted-looking: shown as text
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "3")
        await pilot.press("N")
        await answer(pilot, text)
        notes = on_disk(store).case_notes("3")
        assert [(n.user, n.text) for n in notes] == [(store.user, text)]
        thread = shown(app, RequestScreen).query_one("#case-notes", Static)
        assert text in str(thread.content) and store.user in str(thread.content)
        await pilot.press("u")  # undo: nothing to undo, the note stays
        await settle(pilot)
        assert len(on_disk(store).case_notes("3")) == 1


# ------------------------------------------------------------------ workload, narrow terminals


async def test_statistics_show_each_officers_workload(store: Store) -> None:
    from foitui.tui.screens.stats import StatsScreen

    store.assign("4", "alice")  # overdue on TODAY
    async with run_app(store) as (_app, pilot):
        stats = await open_by_key(pilot, "i", StatsScreen)
        text = str(stats.query_one("#stats-text", Static).content)
        alice = next(line for line in text.splitlines() if line.strip().startswith("alice"))
        assert alice.split() == ["alice", "1", "1", "-"]  # open, overdue, no responses yet
        assert "due within 5 working days, by assignee:" in text


def test_the_who_column_leaves_the_title_room() -> None:
    from foitui.tui.widgets.request_table import (
        TITLE_BESIDE_WHO,
        TITLE_MIN,
        ContentWidths,
        columns_for,
    )

    content = ContentWidths(ref=15, title=60, authority=22, id=3)

    def names(width: int, team: bool = True) -> list[str]:
        return [c.name for c in columns_for(width, content, team)]

    assert "who" in names(80) and "who" not in names(80, team=False)
    assert "who" not in names(60)  # the detail line says who holds it there
    for width in (60, 80, 100, 120):
        title = next(c for c in columns_for(width, content, True) if c.name == "title")
        assert title.width >= TITLE_MIN
        if "who" in names(width):
            assert title.width >= TITLE_BESIDE_WHO


async def test_the_palette_switches_queues(store: Store) -> None:
    store.assign("4", store.user)
    store.assign("5", "alice")
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "2")
        app.list_queue("")  # "Queue: unassigned", from any screen
        await settle(pilot)
        assert "4" not in list_ids(app) and "5" not in list_ids(app)
        assert "unassigned queue" in screen_text(app)
        app.list_queue(store.user)  # "Queue: mine"
        await settle(pilot)
        assert list_ids(app) == ["4"]


def test_sign_off_marks_on_a_console_font_are_not_letters(store: Store) -> None:
    # TERM=linux draws ASCII (foitui/tui/glyphs.py): a letter before a login name would read
    # as part of it ("droot"), so each stage is marked with punctuation.
    from foitui.tui.glyphs import ASCII, STAGES, UNICODE
    from foitui.tui.widgets.request_table import who_cell

    assert all(not ASCII.stage_mark(stage).isalnum() for stage in STAGES)
    assert len({ASCII.stage_mark(stage) for stage in STAGES}) == len(STAGES)
    store.set_needs_clearance("3", True)
    store.assign("3", "root")
    row = store.summary("3")
    assert who_cell(row, "none", ASCII) == "~root"
    assert who_cell(row, "none", UNICODE) == "✎root"
