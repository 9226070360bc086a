"""`R` in the request view: an internal review recorded, answered and removed."""

from __future__ import annotations

from foitui.store import Store
from foitui.tui.screens.choice import ChoiceScreen
from foitui.tui.screens.prompt import PromptScreen
from foitui.tui.screens.request_view import RequestScreen
from tests.tui.conftest import open_request, run_app, settle, shown, type_into_focused
from tests.tui.fixtures import notices, screen_text


async def _answer(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    assert isinstance(pilot.app.screen, PromptScreen)
    await type_into_focused(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def test_review_requested_answered_and_removed(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "2")
        await pilot.press("R")
        await _answer(pilot, "2024-03-15")
        assert store.triage_doc("2")["review"] == {
            "requested": "2024-03-15",
            "completed": None,
            "outcome": None,
        }
        # FOIA code of practice: 20 working days; from Fri 15 Mar 2024 (St Patrick's Day
        # substitute 18 Mar, Good Friday and Easter Monday skipped) that is Wed 17 Apr.
        assert shown(app, RequestScreen)
        assert "review requested 2024-03-15, due 2024-04-17" in screen_text(app)
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        # upheld, partly upheld, overturned, remove
        await pilot.press("home", "down", "down", "enter")
        await _answer(pilot, "2024-03-19")
        review = store.triage_doc("2")["review"]
        assert (review["completed"], review["outcome"]) == ("2024-03-19", "overturned")
        assert "completed 2024-03-19: overturned" in screen_text(app)
        await pilot.press("R")
        await pilot.pause()
        await pilot.press("home", "down", "down", "down", "enter")
        await settle(pilot)
        assert store.triage_doc("2").get("review") is None
        assert "review requested" not in screen_text(app)


async def test_review_before_receipt_is_refused(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "2")
        await pilot.press("R")
        await _answer(pilot, "2024-02-01")
        assert store.triage_doc("2").get("review") is None
        assert any("before received" in n for n in notices(app))


async def test_letter_preview(store: Store) -> None:
    # L: choose the letter (response first), then read it; the acknowledgement states the due
    # date (FOIA s.10(1): request 2, received Fri 1 Mar 2024, is due Wed 3 Apr 2024).
    from foitui.tui.screens.letter import LetterScreen

    async with run_app(store) as (app, pilot):
        await open_request(pilot, "2")
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LetterScreen) and app.screen.kind == "response"
        text = app.screen.letter_text()
        assert "Question 1" in text and "Your right to a review" in text
        assert "[body name]" in text  # no settings in this store: a gap, not an invention
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("home", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LetterScreen) and app.screen.kind == "acknowledgement"
        assert "We will respond by 3 April 2024" in " ".join(app.screen.letter_text().split())
        assert "Letter for request #2" in screen_text(app)
