"""Keys typed faster than the screen changes (pasted, scripted, key repeat) go where meant.

Textual routes each key to the widget focused when the key is read; these tests post a burst of
keys at once, as a terminal delivers them, instead of Pilot's one-key-then-wait.
"""

from __future__ import annotations

from foitui.store import Store
from foitui.tui.screens.request_view import RequestScreen
from foitui.tui.screens.stepper import QuestionStepper
from tests.tui.conftest import burst, open_request, run_app, settle, shown
from tests.tui.fixtures import list_ids


async def test_slash_then_text_searches(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        burst(app, "/pothole")
        await settle(pilot, debounce=True)
        assert app.list_screen.query_state.search == "pothole"
        assert app.list_screen.query_state.view == "all"  # "h" "o" "l" "e" typed, no keys
        assert list_ids(app) == ["4"]
        burst(app, "down", "escape", "c")  # arrows move the list while typing; escape leaves
        await settle(pilot)
        assert app.list_screen.query_state.view == "clarification"


async def test_jump_typed_in_one_go(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        burst(app, ":FOI 12077", "enter")
        await settle(pilot)
        assert shown(app, RequestScreen).request_id == "6"


async def test_open_step_and_mark_in_one_go(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        burst(app, "j", "j", "j", "j", "enter")  # the fifth row: EIR 2024/101
        await settle(pilot)
        burst(app, "enter", "a", "j", "H")
        await settle(pilot)
        assert isinstance(app.screen, QuestionStepper)
        outcomes = [str(q.outcome) for q in store.get("3").questions]
        assert outcomes == ["answered", "not_held", "pending"]


async def test_exemption_filter_typed_right_after_x(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "4")
        burst(app, "enter", "x", "40(2)")
        await settle(pilot)
        burst(app, "down", "space", "enter")
        await settle(pilot)
        assert isinstance(app.screen, QuestionStepper)
        assert store.get("4").questions[0].exemptions == ["s40(2)"]


async def test_link_dialog_keys_in_one_go(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "2")
        burst(app, "l")
        await settle(pilot)
        # The second suggestion (FOI 2023/0456, outside the store), kind aggregate, a note.
        burst(app, "down", "4", "N", "same topic", "enter")
        await settle(pilot)
        links = [link for link in store.get("2").links if not link.inbound]
        assert [(x.target, x.kind.value, x.note, x.external) for x in links] == [
            ("FOI 2023/0456", "aggregate", "same topic", True)
        ]
