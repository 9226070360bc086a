"""The clock, cost estimate, chain, precedents and hints added to the request view and stepper."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot

from foitui import views
from foitui.store import Store
from foitui.tui.screens.chain import ChainScreen
from foitui.tui.screens.clock import ClockScreen
from foitui.tui.screens.prompt import PromptScreen
from foitui.tui.screens.request_view import RequestScreen
from foitui.tui.widgets.text_line import TextLine
from tests.tui.conftest import (
    open_by_key,
    open_from_request,
    open_request,
    open_stepper,
    pick_view,
    run_app,
    settle,
    shown,
    type_into_focused,
)
from tests.tui.fixtures import TODAY, notices, screen_text


async def answer_prompt(pilot: Pilot, text: str) -> None:
    await pilot.pause()
    assert isinstance(pilot.app.screen, PromptScreen)
    await type_into_focused(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def test_clock_stop_and_restart_clarification(store: Store) -> None:
    before = store.summary("2").due
    assert before is not None
    async with run_app(store) as (app, pilot):
        await open_from_request(pilot, "2", "K", ClockScreen)
        assert isinstance(app.screen, ClockScreen)
        assert "Received" in screen_text(app)
        await pilot.press("c")
        await answer_prompt(pilot, "2024-03-05")
        stops = store.triage_doc("2")["stops"]
        assert [(s["kind"], s["start"], s.get("end")) for s in stops] == [
            ("clarification", "2024-03-05", None)
        ]
        assert store.summary("2").due is None
        assert isinstance(app.screen, ClockScreen)
        assert "still stopped" in screen_text(app)
        await pilot.press("c")  # while stopped, c records the clarification received
        await answer_prompt(pilot, "2024-03-08")
        assert store.triage_doc("2")["stops"][0]["end"] == "2024-03-08"
        after = store.summary("2").due
        assert after is not None and after > before
        # The request view behind shows the new due date on return.
        await pilot.press("escape")
        await settle(pilot)
        view = shown(app, RequestScreen)
        assert view.request is not None and view.request.due == after


async def test_clock_fees_extensions_and_responded(store: Store) -> None:
    async with run_app(store) as (_app, pilot):
        await open_from_request(pilot, "2", "K", ClockScreen)
        await pilot.press("f")
        await answer_prompt(pilot, "2024-03-04")
        assert store.triage_doc("2")["stops"][0]["kind"] == "fees"
        await pilot.press("f")  # while paused, f records the fee paid
        await answer_prompt(pilot, "2024-03-06")
        assert store.triage_doc("2")["stops"][0]["end"] == "2024-03-06"
        # E on a FOIA request: the public interest extension (s.10(3)), in working days.
        await pilot.press("E")
        await answer_prompt(pilot, "10")
        assert store.triage_doc("2")["extension_days"] == 10
        await pilot.press("d")
        await answer_prompt(pilot, "2024-03-19")
        assert str(store.triage_doc("2")["fields"]["responded"]) == "2024-03-19"


async def test_a_response_date_stops_the_countdown(store: Store) -> None:
    # Recording when the response went out ends the deadline: no "OVERDUE" in the request view
    # or the list, and the request leaves the overdue view, whatever its status says.
    rid = next(row.id for row in store.summaries() if views.is_overdue(row, TODAY))
    async with run_app(store) as (app, pilot):
        await open_from_request(pilot, rid, "K", ClockScreen)
        await pilot.press("d")
        await answer_prompt(pilot, "2024-03-19")
        await pilot.press("escape")
        await settle(pilot)
        view = shown(app, RequestScreen)
        assert "responded 19 Mar 2024" in screen_text(app)
        assert "OVERDUE" not in screen_text(app)
        assert view.request is not None and view.request.responded == date(2024, 3, 19)
        await pilot.press("escape")
        await settle(pilot)
        table = app.list_screen.table
        assert table.move_to(rid)
        await pilot.pause()
        assert "OVERDUE" not in app.screen.query_one("#list-detail", TextLine).text
        await pick_view(pilot, "overdue")
        assert rid not in {row.id for row in table.rows}


async def test_clock_store_errors_are_notified(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_from_request(pilot, "2", "K", ClockScreen)
        await pilot.press("c")
        await answer_prompt(pilot, "2024-03-08")
        await pilot.press("c")  # received before it was sought: refused by the store
        await answer_prompt(pilot, "2024-03-04")
        assert store.triage_doc("2")["stops"][0].get("end") is None
        assert any("cannot end before" in n for n in notices(app))
        assert isinstance(app.screen, ClockScreen)


async def test_clock_eir_extension(store: Store) -> None:
    before = store.summary("3").due
    async with run_app(store) as (_app, pilot):
        await open_from_request(pilot, "3", "K", ClockScreen)
        await pilot.press("E")  # an EIR request: reg. 7's extension, to 40 working days
        await settle(pilot)
        assert store.triage_doc("3")["extension_days"] == 20
        assert store.summary("3").due > before  # type: ignore[operator]


async def test_stepper_hours_and_cost_line(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_stepper(pilot, "4")
        await pilot.press("T")
        await answer_prompt(pilot, "7.5")
        assert store.get("4").questions[0].hours == 7.5
        assert "estimate: 7.5 h" in screen_text(app)
        await pilot.press("j", "T")
        await answer_prompt(pilot, "2")
        assert store.get("4").questions[1].hours == 2
        await pilot.press("T")
        await answer_prompt(pilot, "")
        assert store.get("4").questions[1].hours is None
        await pilot.press("escape")
        await settle(pilot)
        assert "7.5 h estimated" in screen_text(app)


async def test_chain_opens_the_prior_request(store: Store) -> None:
    store.link("2", "1", kind="prior")
    async with run_app(store) as (app, pilot):
        screen = await open_from_request(pilot, "2", "C", ChainScreen)
        assert screen.chain is not None
        ids = screen.chain.ids()
        assert ids.index("1") < ids.index("2")  # oldest first
        text = screen_text(app)
        assert "FOI 11726" in text and "prior" in text
        await pilot.press("escape")
        await settle(pilot)
        assert shown(app, RequestScreen).request_id == "2"
        screen = await open_by_key(pilot, "C", ChainScreen)
        assert screen.chain is not None
        position = [e.id for e in screen.chain.entries].index("1")
        while screen.query_one("#chain-list").highlighted != position:  # type: ignore[attr-defined]
            await pilot.press("k")
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app, RequestScreen).request_id == "1"


async def test_stepper_shows_earlier_answers(store: Store) -> None:
    store.link("2", "1", kind="prior")
    async with run_app(store) as (_app, pilot):
        stepper = await open_stepper(pilot, "2")
        assert any(p.request_id == "1" for found in stepper.precedents.values() for p in found), (
            stepper.precedents
        )


async def test_untrusted_titles_in_the_chain_are_shown_literally(store: Store) -> None:
    store.link("5", "2", kind="prior")
    async with run_app(store) as (app, pilot):
        await open_from_request(pilot, "5", "C", ChainScreen)
        text = screen_text(app)
        assert "Evil [/b] [@click=app.quit]" in text
        assert "\x1b[31m" not in text
        assert app.is_running


async def test_clock_empty_date_means_today_and_dash_clears_responded(store: Store) -> None:
    async with run_app(store) as (_app, pilot):
        await open_from_request(pilot, "2", "K", ClockScreen)
        await pilot.press("f")
        await answer_prompt(pilot, "")
        assert store.triage_doc("2")["stops"][0]["start"] == "2024-03-20"
        await pilot.press("d")
        await answer_prompt(pilot, "")
        assert str(store.triage_doc("2")["fields"]["responded"]) == "2024-03-20"
        await pilot.press("d")
        await answer_prompt(pilot, "-")
        assert not (store.triage_doc("2").get("fields") or {}).get("responded")


async def test_request_view_shows_hints(store: Store) -> None:
    async with run_app(store) as (_app, pilot):
        screen = await open_request(pilot, "2")
        hints = screen.query_one("#hints")
        assert hints.display
        assert "#7" in str(hints.render())  # type: ignore[attr-defined]


async def test_stepper_earlier_answers_are_shown(store: Store) -> None:
    store.link("2", "1", kind="prior")
    async with run_app(store) as (app, pilot):
        await open_stepper(pilot, "2")
        text = screen_text(app)
        assert "Earlier answers" in text
        assert "FOI 11726 #1" in text and "Refused: over the cost limit." in text
