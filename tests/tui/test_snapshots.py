"""Pictures of every screen at 80x24, from fixed data and a fixed `today`, blink off.

Regenerate after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the new SVGs under __snapshots__/ before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from foitui.store import Store
from tests.tui.conftest import SIZE, open_request, pick_view, search, settle
from tests.tui.fixtures import make_app

Steps = Callable[[Pilot], Awaitable[None]]


@pytest.fixture
def snap(snap_compare, store: Store) -> Callable[[Steps | None], bool]:  # type: ignore[no-untyped-def]
    """Compare the app on the fixture store, after `steps`, with the stored picture."""

    def compare(steps: Steps | None = None) -> bool:
        app = make_app(store)

        async def run_before(pilot: Pilot) -> None:
            await settle(pilot)
            if steps is not None:
                await steps(pilot)
                await settle(pilot)

        return snap_compare(app, terminal_size=SIZE, run_before=run_before)

    return compare


# ---------------------------------------------------------------------- the list


def test_list(snap) -> None:  # type: ignore[no-untyped-def]
    assert snap(None)


def test_list_overdue_view(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await pick_view(pilot, "overdue")

    assert snap(steps)


def test_list_searching(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await search(pilot, "analytics")

    assert snap(steps)


def test_list_status_picker(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await pilot.press("S")

    assert snap(steps)


def test_list_check_split_view(snap) -> None:  # type: ignore[no-untyped-def]
    """F: only the requests whose parse needs checking, with the flag column."""

    async def steps(pilot: Pilot) -> None:
        await pilot.press("F")

    assert snap(steps)


def test_list_team(snap, store: Store) -> None:  # type: ignore[no-untyped-def]
    """A team's store: the WHO column, sign-off mark then assignee (a team as @NAME)."""
    store.set_setting("teams", "records")
    store.assign("4", "alice")
    store.assign("2", "team:records")
    store.assign("6", "bob")
    for rid, steps in (("4", ["ready"]), ("2", ["ready", "clear"]), ("6", [])):
        store.set_needs_clearance(rid, True)
        for step in steps:
            store.clearance_step(rid, step)
    store.set_needs_clearance("7", True)
    store.clearance_step("7", "ready")
    store.clearance_step("7", "return", "cite the exemption")
    assert snap(None)


# ---------------------------------------------------------------------- one request


def test_request_view_check_split(snap) -> None:  # type: ignore[no-untyped-def]
    """The "check the split" line under the metadata, and F's menu over the question."""

    async def steps(pilot: Pilot) -> None:
        await open_request(pilot, "2")
        await pilot.press("j", "j", "j", "F")

    assert snap(steps)


def test_request_view(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await open_request(pilot, "2")
        await pilot.press("j", "j")

    assert snap(steps)


def test_request_view_references_and_links(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await open_request(pilot, "2")
        await pilot.press("end")

    assert snap(steps)


def test_request_view_untrusted_text(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await open_request(pilot, "5")

    assert snap(steps)


def test_metadata_form(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await open_request(pilot, "4")
        await pilot.press("e")

    assert snap(steps)


# ---------------------------------------------------------------------- triage


def test_stepper(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await open_request(pilot, "2")
        await pilot.press("enter", "3", "P")

    assert snap(steps)


def test_exemption_picker(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await open_request(pilot, "1")
        await pilot.press("enter", "x")

    assert snap(steps)


def test_letter_preview(snap) -> None:  # type: ignore[no-untyped-def]
    # The response letter of request 2 (FOIA), previewed with L in the request view.
    async def steps(pilot: Pilot) -> None:
        await open_request(pilot, "2")
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("enter")

    assert snap(steps)


def test_link_dialog(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await open_request(pilot, "2")
        await pilot.press("l")

    assert snap(steps)


# ---------------------------------------------------------------------- help and stats


def test_help(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await pilot.press("question_mark")

    assert snap(steps)


def test_list_views_picker(snap) -> None:  # type: ignore[no-untyped-def]
    """v: the views, each with its count; the highlighted one marked with ›."""

    async def steps(pilot: Pilot) -> None:
        await pilot.press("v")

    assert snap(steps)


def test_list_at_60_columns(snap_compare, store) -> None:  # type: ignore[no-untyped-def]
    """60x20: the columns that fit, the footer's q and ?, nothing under the scrollbar."""
    app = make_app(store)
    assert snap_compare(app, terminal_size=(60, 20), run_before=settle)


def test_clock(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await open_request(pilot, "2")
        await pilot.press("K")

    assert snap(steps)


def test_stats(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await pilot.press("i")

    assert snap(steps)
