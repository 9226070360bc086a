"""The request view shows a clarification never answered as lapsed, like the fees lapse (the
period is the store's `clarification_lapse`: no citable default; see
tests/test_clarification_lapse.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.test_clarification_lapse import _store
from tests.tui.conftest import open_request, run_app
from tests.tui.fixtures import screen_text


async def test_request_view_shows_the_clarification_lapse(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.set_setting("clarification_lapse", "3 months")
    # Sought Wed 7 Jan 2026; three months end Tue 7 Apr 2026: lapsed on the 8th.
    async with run_app(store, today=date(2026, 4, 8)) as (app, pilot):
        await open_request(pilot, "1")
        text = " ".join(screen_text(app).split())
        assert "lapsed: the clarification sought 2026-01-07" in text
    async with run_app(store, today=date(2026, 4, 7)) as (app, pilot):
        await open_request(pilot, "1")
        assert "lapsed" not in screen_text(app)
