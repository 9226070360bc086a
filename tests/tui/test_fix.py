"""F, "fix the split": every key path saves a correction in the store; u undoes it; the list's
F view shows only requests whose parse needs checking."""

from __future__ import annotations

from foitui.store import Store
from foitui.tui.screens.choice import ChoiceScreen
from foitui.tui.screens.fix_dialog import FixMenu, SplitDialog, split_text
from foitui.tui.screens.help import HelpScreen
from foitui.tui.screens.history import HistoryScreen
from foitui.tui.screens.prompt import PromptScreen
from foitui.tui.screens.request_view import RequestScreen
from foitui.tui.screens.stepper import QuestionStepper
from tests.tui.conftest import open_by_key, open_request, open_stepper, run_app, settle, shown
from tests.tui.fixtures import list_ids, screen_text


def ops(store: Store, request_id: str) -> list[dict]:
    return Store.open(store.root).corrections(request_id)[0]


def keys(store: Store, request_id: str) -> list[str]:
    return [q.key for q in Store.open(store.root).get(request_id).questions]


async def test_list_F_shows_only_requests_to_check(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await pilot.press("F")
        await settle(pilot)
        assert list_ids(app) == ["2", "5"]
        assert "2 of 7 requests · check the split" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert len(list_ids(app)) == 7


async def test_request_view_shows_why_the_split_needs_checking(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "2")
        text = screen_text(app)
        assert "check the split: 2 questions have no answer (4, 5) while 1 block" in text
        await open_request(pilot, "4")
        assert "check the split" not in screen_text(app)


async def test_split_at_the_cursor_in_the_request_view(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        view = await open_request(pilot, "4")
        assert isinstance(app.screen, RequestScreen)
        await open_by_key(pilot, "F", FixMenu)
        dialog = await open_by_key(pilot, "1", SplitDialog)
        # "How many potholes were repaired on the A350 in 2023?": split before "on the A350".
        await pilot.press(*["right"] * len("How many potholes were repaired "))
        await pilot.press("enter")
        await settle(pilot)
        assert not dialog.is_attached
        assert ops(store, "4") == [
            {
                "op": "split",
                "key": "1",
                "text": "How many potholes were repaired on the A350 in 2023?",
                "at": "on the A350 in 2023?",
            }
        ]
        assert keys(store, "4") == ["1", "1-2", "2"]
        # The view shows the new question, and the list row counts it.
        assert len(view.request.questions) == 3  # type: ignore[union-attr]
        assert app.list_screen.all_rows["4"].questions == 3  # type: ignore[index]
        await pilot.press("u")
        await settle(pilot)
        assert ops(store, "4") == []
        assert keys(store, "4") == ["1", "2"]


async def test_split_refuses_the_very_start(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "4")
        await open_by_key(pilot, "F", FixMenu)
        dialog = await open_by_key(pilot, "1", SplitDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "Put the cursor where the new question starts" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert ops(store, "4") == []


async def test_merge_with_next_in_the_request_view(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "2")
        await pilot.press("j", "j", "j")  # Q4
        await open_by_key(pilot, "F", FixMenu)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, RequestScreen)
        assert keys(store, "2") == ["1", "2", "3", "4"]
        assert [op["op"] for op in ops(store, "2")] == ["merge"]
        assert app.list_screen.all_rows["2"].questions == 4  # type: ignore[index]
        await pilot.press("u")
        await settle(pilot)
        assert keys(store, "2") == ["1", "2", "3", "4", "5"]
        await open_by_key(pilot, "h", HistoryScreen)
        text = screen_text(app)
        assert "undo fix the split: merge 4 with the next question" in text
        assert "fix the split: merge 4 with the next question" in text


async def test_relabel_in_the_stepper(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        stepper = await open_stepper(pilot, "3")
        await pilot.press("j", "j")  # Q3
        await open_by_key(pilot, "F", FixMenu)
        prompt = await open_by_key(pilot, "3", PromptScreen)
        prompt.query_one("Input").value = "Q4"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app, QuestionStepper) is stepper
        assert keys(store, "3") == ["1", "2", "4"]
        assert "Q4 · 3 of 3" in screen_text(app)


async def test_move_response_text_in_the_stepper_and_back(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_stepper(pilot, "2")
        await pilot.press("5")  # Q5, no answer
        await open_by_key(pilot, "F", FixMenu)
        blocks = await open_by_key(pilot, "4", ChoiceScreen)
        assert "unassigned" in screen_text(app)
        # Blocks in response order: No, No, None, then the unassigned note.
        await pilot.press("j", "j", "j")
        assert blocks.query_one("OptionList").highlighted == 3  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        targets = shown(app, ChoiceScreen)
        assert targets is not blocks
        await pilot.press("enter")  # highlighted: this question, Q5
        await settle(pilot)
        assert isinstance(app.screen, QuestionStepper)
        request = Store.open(store.root).get("2")
        assert request.questions[4].answer is not None
        assert request.questions[4].answer.startswith("Please note")
        assert request.unassigned_response == []
        assert not Store.open(store.root).summary("2").check_split
        assert "Please note that in our last response" in screen_text(app)
        # And back where the parser put it: the last two entries of the target list.
        await open_by_key(pilot, "F", FixMenu)
        await open_by_key(pilot, "4", ChoiceScreen)
        await pilot.press("enter")  # highlighted: the block of this question
        await settle(pilot)
        shown(app, ChoiceScreen)
        await pilot.press("j", "j")  # from Q5 past "unassigned" to "back"
        await pilot.press("enter")
        await settle(pilot)
        assert [op["to"] for op in ops(store, "2")] == ["5", "parser"]
        assert Store.open(store.root).get("2").unassigned_response != []


async def test_a_fix_that_cannot_be_made_says_why_and_saves_nothing(store: Store) -> None:
    async with run_app(store, notifications=True) as (app, pilot):
        await open_stepper(pilot, "4")
        await pilot.press("2")  # the last question: nothing to merge with
        await open_by_key(pilot, "F", FixMenu)
        await pilot.press("2")
        await settle(pilot)
        assert ops(store, "4") == []
        assert any("is the last" in n.message for n in app._notifications)


async def test_F_is_in_the_help_of_every_screen_it_works_on(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        for opener in (None, "2"):
            if opener:
                await open_request(pilot, opener)
            help_screen = await open_by_key(pilot, "question_mark", HelpScreen)
            text = help_screen.plain_text()
            assert "Fix split" in text or "Check split" in text
            help_screen.dismiss(None)
            await settle(pilot)
        await open_by_key(pilot, "enter", QuestionStepper)
        help_screen = await open_by_key(pilot, "question_mark", HelpScreen)
        assert "Fix split" in help_screen.plain_text()
        help_screen.dismiss(None)
        await settle(pilot)
        # The menu's own keys are in its help too.
        await open_by_key(pilot, "F", FixMenu)
        await open_by_key(pilot, "question_mark", HelpScreen)
        text = screen_text(app)
        assert "Keys: fix the split" in text
        for description in ("Split here", "Merge with next", "Relabel", "Move text"):
            assert description in text


def test_split_text_starts_at_the_cursor_and_is_first_there() -> None:
    text = "How many were fined? How many were fined twice?"
    assert split_text(text, text.index("How many were fined twice")) == (
        "How many were fined twice?"
    )
    assert split_text(text, 0) is None
    assert split_text(text, len(text)) is None
    assert split_text("a b c", 1) == "b c"
    long = "Please give the figures for 2022 and the figures for 2023 by month."
    assert split_text(long, long.index("the figures for 2023")) == "the figures for 2023"
