"""Pictures of every screen at 80x24, from fixed data and a fixed `today`, blink off.

Regenerate after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the new SVGs under __snapshots__/ before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import settle, typed
from tests.tui.fixtures import build_store, make_app

SIZE = (80, 24)
Steps = Callable[[Pilot], Awaitable[None]]


@pytest.fixture
def snap(snap_compare, tmp_path: Path) -> Callable[[Steps | None], bool]:  # type: ignore[no-untyped-def]
    """Compare the app on the fixture store, after `steps`, with the stored picture."""

    def compare(steps: Steps | None = None) -> bool:
        app = make_app(build_store(tmp_path / "store"))

        async def run_before(pilot: Pilot) -> None:
            await settle(pilot)
            if steps is not None:
                await steps(pilot)
                await settle(pilot)

        return snap_compare(app, terminal_size=SIZE, run_before=run_before)

    return compare


async def _open(pilot: Pilot, request_id: str) -> None:
    pilot.app.open_request(request_id)  # type: ignore[attr-defined]
    await settle(pilot)


# ---------------------------------------------------------------------- the list


def test_list(snap) -> None:  # type: ignore[no-untyped-def]
    assert snap(None)


def test_list_overdue_view(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await pilot.press("o")

    assert snap(steps)


def test_list_searching(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await pilot.press("slash")
        await typed(pilot, "analytics")
        await settle(pilot, debounce=True)

    assert snap(steps)


def test_list_status_picker(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await pilot.press("f")

    assert snap(steps)


# ---------------------------------------------------------------------- one request


def test_request_view(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await _open(pilot, "2")
        await pilot.press("j", "j")

    assert snap(steps)


def test_request_view_references_and_links(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await _open(pilot, "2")
        await pilot.press("end")

    assert snap(steps)


def test_request_view_untrusted_text(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await _open(pilot, "5")

    assert snap(steps)


def test_metadata_form(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await _open(pilot, "4")
        await pilot.press("e")

    assert snap(steps)


# ---------------------------------------------------------------------- triage


def test_stepper(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await _open(pilot, "2")
        await pilot.press("enter", "3", "P")

    assert snap(steps)


def test_exemption_picker(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await _open(pilot, "1")
        await pilot.press("enter", "x")

    assert snap(steps)


def test_link_dialog(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await _open(pilot, "2")
        await pilot.press("l")

    assert snap(steps)


# ---------------------------------------------------------------------- help and stats


def test_help(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await pilot.press("question_mark")

    assert snap(steps)


def test_stats(snap) -> None:  # type: ignore[no-untyped-def]
    async def steps(pilot: Pilot) -> None:
        await pilot.press("i")

    assert snap(steps)
