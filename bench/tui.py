"""Headless timing of foitui's request list in Textual (the DataTable baseline: datatable.py).

A key is posted to the app as the terminal driver would post it (`App.post_message` of a
`Key` event, without Pilot's idle waits, which sleep at least 20 ms). The clock stops when
the key's effect is visible in the widget's state (cursor moved, filtered rows set) *and* one
`pilot.pause(0)` has run: every pending message handled and the screen's compositor updated,
i.e. the new rows rendered. Polls sleep 1 ms so that thread workers get the GIL.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerState

from bench.timing import Timing

if TYPE_CHECKING:
    from foitui.store import Store

POLL_S = 0.001
KEY_TIMEOUT_S = 600.0
#: For steps that are not measured (focusing the search box).
SETTLE_TIMEOUT_S = 30.0
#: A key nothing is bound to.
FLOOR_KEY = "f12"
#: Key name -> the character a terminal sends with it.
CHARACTERS = {"slash": "/", "escape": "\x1b", "enter": "\r"}


class TuiUnavailable(RuntimeError):
    """foitui's TUI cannot be imported or has no request list to measure."""


@dataclass(slots=True)
class KeyTimes:
    """Time per key press, by what was measured."""

    down: list[Timing] = field(default_factory=list)
    page_down: list[Timing] = field(default_factory=list)
    search: list[Timing] = field(default_factory=list)
    search_rows: list[int] = field(default_factory=list)
    #: Per word typed (the first is the main figure's), its letters' times.
    by_word: list[list[Timing]] = field(default_factory=list)
    #: Per letter of every word: from the key until the header shows the number of matches
    #: (the list may show its first rows before they are all counted).
    counted: list[Timing] = field(default_factory=list)
    #: Escape out of a search, until every row is listed again and painted.
    escape: list[Timing] = field(default_factory=list)
    #: An unbound key: what the harness itself costs (event round trip and one update).
    floor: list[Timing] = field(default_factory=list)


def post_key(app: App[Any], key: str) -> None:
    character = CHARACTERS.get(key, key if len(key) == 1 else None)
    app.post_message(events.Key(key, character))


async def wait_until(
    pilot: Pilot[Any], done: Callable[[], bool], *, timeout: float = KEY_TIMEOUT_S
) -> None:
    """Poll until `done()`, then let one full update run so that the result is painted.

    Polls only sleep (the app runs meanwhile as it would: its own message pumps and timers,
    its workers get the GIL); the one `pilot.pause(0)` at the end handles what is pending and
    renders the screen."""
    deadline = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"the app did not settle within {timeout:.0f} s")
        await asyncio.sleep(POLL_S)
    await pilot.pause(0)


async def time_key(
    pilot: Pilot[Any], key: str, done: Callable[[], bool], *, timeout: float = KEY_TIMEOUT_S
) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    post_key(pilot.app, key)
    await wait_until(pilot, done, timeout=timeout)
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def busy_workers(app: App[Any]) -> bool:
    return any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)


# ------------------------------------------------------------------ foitui's request list


def load_app_class() -> type[App[Any]]:
    try:
        from foitui.tui.app import FoituiApp
    except ImportError as error:
        raise TuiUnavailable(f"TUI not available ({error})") from error
    return FoituiApp


def request_table(app: App[Any]) -> Any | None:
    """The request list widget on the current screen, when it is there."""
    from foitui.tui.widgets.request_table import RequestTable

    found = app.screen.query(RequestTable)
    return found.first() if found else None


def list_ready(app: App[Any]) -> bool:
    table = request_table(app)
    return table is not None and len(table.rows) > 0


def search_settled(app: App[Any], text: str, rows_before: object) -> bool:
    """The list shows the result of searching `text` (not an older or pending one)."""
    table = request_table(app)
    if table is None or table.rows is rows_before:
        return False
    state = getattr(app.screen, "query_state", None)
    if state is not None and hasattr(state, "search_ids"):
        return state.search == text.strip() and state.search_ids is not None
    return not busy_workers(app)


def search_value(app: App[Any]) -> str | None:
    """What the list's search box holds."""
    from textual.widgets import Input

    found = app.screen.query(Input)
    return found.first().value if found else None


def search_counted(app: App[Any]) -> bool:
    """The list's header shows how many match (not "counting")."""
    return not getattr(app.screen, "counting", False)


def make_app(store: Store, today: date) -> App[Any]:
    app_class = load_app_class()
    return app_class(store, today=today)  # type: ignore[call-arg]


async def measure_foitui(
    store: Store,
    *,
    today: date,
    downs: int,
    pages: int,
    words: Sequence[str],
) -> KeyTimes:
    """Cursor moves, page downs, then a search typed a letter at a time, in one session."""
    app = make_app(store, today)
    times = KeyTimes()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: list_ready(app))
        table = request_table(app)
        assert table is not None
        if len(table.rows) < downs + pages * table.page + 2:
            raise TuiUnavailable("too few rows in the list to time cursor moves")
        for _ in range(downs):
            times.floor.append(await time_key(pilot, FLOOR_KEY, lambda: True))
        for _ in range(downs):
            target = table.cursor + 1
            times.down.append(await time_key(pilot, "down", lambda t=target: table.cursor == t))
        for _ in range(pages):
            target = min(table.cursor + table.page, len(table.rows) - 1)
            times.page_down.append(
                await time_key(pilot, "pagedown", lambda t=target: table.cursor == t)
            )
        await wait_until(pilot, lambda: not busy_workers(app))
        total = len(table.rows)
        for number, word in enumerate(words):
            if number:
                post_key(app, "escape")
                await wait_until(pilot, lambda: app.focused is table, timeout=SETTLE_TIMEOUT_S)
            post_key(app, "slash")
            await wait_until(
                pilot,
                lambda: app.focused is not None and app.focused is not table,
                timeout=SETTLE_TIMEOUT_S,
            )
            typed = ""
            times.by_word.append([])
            for letter in word:
                typed += letter
                before = table.rows
                wall, cpu = time.perf_counter(), time.process_time()
                # A space after a word is the same search: nothing to wait for but the box.
                same = typed.strip() == typed[:-1].strip()
                elapsed = await time_key(
                    pilot,
                    letter,
                    lambda t=typed, b=before, s=same: (
                        search_value(app) == t if s else search_settled(app, t, b)
                    ),
                )
                times.by_word[-1].append(elapsed)
                if number == 0:
                    times.search.append(elapsed)
                    times.search_rows.append(len(table.rows))
                await wait_until(pilot, lambda: search_counted(app))
                times.counted.append(Timing(time.perf_counter() - wall, time.process_time() - cpu))
            times.escape.append(await time_key(pilot, "escape", lambda: len(table.rows) == total))
    return times


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)
