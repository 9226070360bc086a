"""Fixtures for the TUI tests: the fixture store, and a helper that waits for workers."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path

import pytest
from textual.pilot import Pilot

from foitui.store import Store
from foitui.tui.screens.request_list import SEARCH_DEBOUNCE_S
from tests.tui.fixtures import build_store


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


async def settle(pilot: Pilot, *, debounce: bool = False) -> None:
    """Let every worker finish and its messages be handled.

    `debounce`: first wait out the search-as-you-type delay, so the search has started.
    """
    app = pilot.app
    if debounce:
        await pilot.pause(SEARCH_DEBOUNCE_S + 0.05)
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()
