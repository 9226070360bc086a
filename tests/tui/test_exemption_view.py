"""The list's "by exemption" view: `x`, pick a code, only requests citing it remain."""

from __future__ import annotations

from foitui.store import Store
from tests.tui.conftest import run_app, settle
from tests.tui.fixtures import BY_URGENCY, list_ids


async def test_exemption_view_shows_only_requests_citing_the_code(store: Store) -> None:
    # A code marked by hand counts as well as one read from the response.
    store.mark("5", store.get("5").questions[0].key, outcome="refused", exemptions=["s40(2)"])
    async with run_app(store) as (app, pilot):
        assert store.exemption_counts() == {"s12": 1, "s40(2)": 1}
        await pilot.press("x")
        # "any exemption" first, then the codes by count (ties by code).
        await pilot.press("down", "enter")
        await settle(pilot)
        assert list_ids(app) == ["1"]
        assert app.list_screen.query_state.exemption == "s12"
        # The picker opens on the current choice (s12): one down is s40(2).
        await pilot.press("x", "down", "enter")
        await settle(pilot)
        assert list_ids(app) == ["5"]
        await pilot.press("escape")  # back to the open queue
        await settle(pilot)
        assert list_ids(app) == BY_URGENCY
        assert app.list_screen.query_state.exemption is None
