"""Fixtures for the TUI tests: the fixture store, the app running on it, and key helpers."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar, cast

import pytest
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from foitui.store import Store
from foitui.tui.app import FoituiApp
from foitui.tui.screens.request_view import RequestScreen
from foitui.tui.screens.stepper import QuestionStepper
from tests.tui.fixtures import build_store, make_app

SIZE = (80, 24)
ScreenT = TypeVar("ScreenT", bound=Screen)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no pytest-asyncio dependency needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return build_store(tmp_path / "store")


@pytest.fixture
def never_whole(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fails a test whose LazySource makes every row (LazySource.full): at a million requests
    the list's filters and pickers answer from index.sqlite."""
    from foitui.tui.listing import LazySource, RowSource

    made: list[str] = []

    def full(self: LazySource) -> RowSource:
        made.append("full")
        raise AssertionError("every row made")

    monkeypatch.setattr(LazySource, "full", full)
    return made


def _search_caught_up(app: App) -> bool:
    """The search box's text has been searched for and the results are shown."""
    from foitui.tui.screens.link_dialog import LinkDialog
    from foitui.tui.screens.request_list import RequestListScreen

    screen = app.screen
    if isinstance(screen, RequestListScreen):
        typed = screen.query_one("#list-search", Input).value.strip()
        state = screen.query_state
        return state.search == typed and (not typed or state.search_ids is not None)
    if isinstance(screen, LinkDialog):
        return screen.shown_query == screen.query_text
    return True


async def settle(pilot: Pilot, *, debounce: bool = False) -> None:
    """Let every worker finish and its messages be handled (workers may start workers).

    `debounce`: also wait until search-as-you-type has caught up with the text typed (each
    keystroke's search runs in a worker; under load the last may report a little later).
    """
    app = pilot.app
    await pilot.pause()
    # Workers may start workers (a reload after an edit): wait until none is left.
    while any(not worker.is_finished for worker in app.workers):
        await app.workers.wait_for_complete()
        await pilot.pause()
    if debounce:
        deadline = time.monotonic() + 5
        while not _search_caught_up(app):
            assert time.monotonic() < deadline, "the search never caught up with the typing"
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
        await pilot.pause()


NAMED_KEYS = {"enter": "\r", "down": None, "up": None, "space": " ", "escape": "\x1b"}


def burst(app: App, *keys: str) -> None:
    """Post keys all at once, as a terminal delivers a paste or a fast typist's keys.

    A key is a name in NAMED_KEYS or text (each character a key). Pilot.press waits for the
    app to go idle after every key (about 0.1 s each); a burst does not.
    """
    for key in keys:
        if key in NAMED_KEYS:
            app.post_message(events.Key(key, NAMED_KEYS[key]))
        else:
            for character in key:
                app.post_message(events.Key(_character_to_key(character), character))


async def typed(pilot: Pilot, text: str) -> None:
    """Type `text` into whatever has focus, then let the app handle it."""
    burst(pilot.app, text)
    await pilot.pause()


async def search(pilot: Pilot, text: str) -> None:
    """Search the list, or a link dialog's search box, for `text` (`/`, then type) as one types."""
    await pilot.press("slash")
    await typed(pilot, text)
    await settle(pilot, debounce=True)


async def type_into_focused(pilot: Pilot, text: str) -> None:
    """Put `text` in the focused input (Pilot.press treats "_" as a pause, so paths lose it)."""
    focused = pilot.app.focused
    assert isinstance(focused, Input)
    focused.value = text
    await pilot.pause()


@asynccontextmanager
async def run_app(
    store: Store, *, notifications: bool = False, **options: object
) -> AsyncIterator[tuple[FoituiApp, Pilot[None]]]:
    """`make_app(store, **options)` run headless at 80x24, once its request list is loaded."""
    app = make_app(store, **options)
    async with app.run_test(size=SIZE, notifications=notifications) as pilot:
        await settle(pilot)
        yield app, pilot


def shown(app: App, kind: type[ScreenT]) -> ScreenT:
    """The screen shown, which must be a `kind` (RequestScreen, ClockScreen…)."""
    assert isinstance(app.screen, kind), app.screen
    return app.screen


async def open_by_key(pilot: Pilot, key: str, kind: type[ScreenT]) -> ScreenT:
    """Press `key`, let the app settle, and return the screen it opened: a `kind`."""
    await pilot.press(key)
    await settle(pilot)
    return shown(pilot.app, kind)


async def pick_view(pilot: Pilot, view: str) -> None:
    """Choose the list's view `view` ("overdue", "week", "all"…) with `v` and enter."""
    from textual.widgets import OptionList

    from foitui.tui.screens.choice import ChoiceScreen

    await pilot.press("v")
    options = shown(pilot.app, ChoiceScreen).query_one(OptionList)
    options.highlighted = options.get_option_index(view)
    await pilot.press("enter")
    await settle(pilot)


async def open_request(pilot: Pilot, request_id: str) -> RequestScreen:
    """Open request `request_id`'s view (as the list's enter or a jump does) and let it load."""
    cast(FoituiApp, pilot.app).open_request(request_id)
    await settle(pilot)
    return shown(pilot.app, RequestScreen)


async def open_from_request(
    pilot: Pilot, request_id: str, key: str, kind: type[ScreenT]
) -> ScreenT:
    """Open request `request_id`'s view, press `key` there, and return the `kind` it opened."""
    await open_request(pilot, request_id)
    return await open_by_key(pilot, key, kind)


async def open_stepper(pilot: Pilot, request_id: str) -> QuestionStepper:
    """Open request `request_id`'s question stepper (enter in its view) on the first question."""
    return await open_from_request(pilot, request_id, "enter", QuestionStepper)
