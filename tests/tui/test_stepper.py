"""The question stepper: moving, single-key outcomes, exemptions, notes; saved at once."""

from __future__ import annotations

from foitui.models import Outcome
from foitui.store import Store
from foitui.tui.screens.exemption_picker import ExemptionPicker
from foitui.tui.screens.stepper import QuestionStepper
from tests.tui.conftest import open_stepper, run_app, settle, typed
from tests.tui.fixtures import notices, screen_text


def outcomes(store: Store, request_id: str) -> list[str]:
    return [str(q.outcome) for q in store.get(request_id).questions]


async def test_progress_and_moving(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        stepper = await open_stepper(pilot, "2")
        assert "Q1 of 5 · 2 pending" in screen_text(app)
        await pilot.press("j", "right", "j")
        assert stepper.index == 3
        assert "Q4 of 5 · 2 pending" in screen_text(app)
        await pilot.press("k", "left", "k")
        assert stepper.index == 0
        await pilot.press("k")  # already the first: stays
        assert stepper.index == 0
        await pilot.press("5")
        assert stepper.index == 4
        await pilot.press("j")  # already the last: stays
        assert stepper.index == 4
        await pilot.press("colon", "2", "enter")
        await pilot.pause()
        assert stepper.index == 1


async def test_single_keys_set_the_outcome_in_the_store(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_stepper(pilot, "3")
        await pilot.press("a")
        assert outcomes(store, "3")[0] == "answered"
        assert "ANSWERED" in screen_text(app)
        await pilot.press("j", "P")
        assert outcomes(store, "3")[1] == "partly_answered"
        await pilot.press("j", "H")
        assert outcomes(store, "3")[2] == "not_held"
        await pilot.press("c")
        assert outcomes(store, "3")[2] == "clarification_needed"
        await pilot.press("0")
        assert outcomes(store, "3")[2] == "pending"
        await pilot.press("a", "minus")
        assert outcomes(store, "3")[2] == "pending"
        await settle(pilot)
        assert "Q3 of 3 · 1 pending" in screen_text(app)
        # The list behind shows the new count as soon as it is visible again.
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.list_screen.all_rows["3"].decided == 2


async def test_refused_opens_the_exemption_picker(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_stepper(pilot, "4")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ExemptionPicker)
        # Not refused until its ground is chosen: saved together, in one edit.
        assert outcomes(store, "4")[0] == "pending"
        await typed(pilot, "40(2)")
        await pilot.pause()
        await pilot.press("down", "space", "enter")
        await settle(pilot)
        assert outcomes(store, "4")[0] == "refused"
        assert store.get("4").questions[0].exemptions == ["s40(2)"]
        assert isinstance(app.screen, QuestionStepper)
        assert "s40(2)" in screen_text(app)


async def test_enter_cites_the_one_match_typed(store: Store) -> None:
    # Issue 17: `r`, type "cost" so only s12 is left, enter: it saved "REFUSED · exemptions
    # none". Enter with nothing ticked picks the highlighted match.
    async with run_app(store) as (app, pilot):
        await open_stepper(pilot, "4")
        await pilot.press("r")
        await typed(pilot, "cost")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        question = store.get("4").questions[0]
        assert (question.outcome, question.exemptions) == ("refused", ["s12"])
        assert "REFUSED · exemptions s12" in screen_text(app)


async def test_a_refusal_asks_for_its_ground_and_escape_keeps_the_outcome(store: Store) -> None:
    # A refusal notice states the exemption relied on: FOIA s.17(1)(b), EIR reg. 14(3)(a),
    # FOISA s.16(1)(c), EISR reg. 13(3)(a). Enter with none chosen asks; escape leaves the
    # question as it was (answered here), never refused without a ground.
    async with run_app(store) as (app, pilot):
        await open_stepper(pilot, "4")
        await pilot.press("a", "r")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExemptionPicker)
        assert "A refusal needs its ground" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QuestionStepper)
        question = store.get("4").questions[0]
        assert (question.outcome, question.exemptions) == ("answered", [])
        assert "Not refused: Q1 is still answered." in notices(app)


async def test_picker_cites_a_provision_once(store: Store) -> None:
    # "section 12" and "section 12(1)" name one ground: s12(1) alone is saved.
    async with run_app(store) as (app, pilot):
        await open_stepper(pilot, "1")  # already cites s12
        await pilot.press("x")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ExemptionPicker)
        picker.select(["s12(1)"])
        await pilot.press("enter")
        await settle(pilot)
        assert store.get("1").questions[0].exemptions == ["s12(1)"]


async def test_exemption_picker_multi_select_and_cancel(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_stepper(pilot, "1")  # already cites s12
        await pilot.press("x")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ExemptionPicker)
        assert picker.chosen == ["s12"]
        await typed(pilot, "43")
        await pilot.pause()
        await pilot.press("down", "space")
        await pilot.press("escape")
        await settle(pilot)
        assert store.get("1").questions[0].exemptions == ["s12"]
        await pilot.press("x")
        await typed(pilot, "43")
        await pilot.pause()
        await pilot.press("down", "space", "enter")
        await settle(pilot)
        codes = store.get("1").questions[0].exemptions
        assert codes[0] == "s12" and codes[1].startswith("s43")


async def test_exemption_boxes_show_which_are_ticked_without_colour(store: Store) -> None:
    # Ticked and unticked boxes differed only in colour: with NO_COLOR every box read "X".
    async with run_app(store) as (app, pilot):
        await open_stepper(pilot, "1")  # already cites s12
        await pilot.press("x")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert any("▐X▌ s12 " in line for line in lines)
        assert any("▐ ▌ s21 " in line for line in lines)
        await pilot.press("down", "down", "down", "down", "space")  # s12, s14(1), s14(2), s21
        await pilot.pause()
        assert any("▐X▌ s21 " in line for line in screen_text(app).splitlines())


async def test_note_is_saved_on_enter(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_stepper(pilot, "3")
        await pilot.press("N")
        await typed(pilot, "asked the air team")
        await pilot.press("enter")
        await settle(pilot)
        assert store.get("3").questions[0].note == "asked the air team"
        assert "asked the air team" in screen_text(app)
        await pilot.press("N", "escape")  # escape keeps the note
        await settle(pilot)
        assert store.get("3").questions[0].note == "asked the air team"
        await pilot.press("N", "ctrl+a", "ctrl+k", "enter")  # empty clears it
        await settle(pilot)
        assert store.get("3").questions[0].note is None


async def test_undo_puts_back_the_last_change(store: Store) -> None:
    async with run_app(store) as (_app, pilot):
        await open_stepper(pilot, "3")
        await pilot.press("a", "j", "H")
        assert outcomes(store, "3")[:2] == ["answered", "not_held"]
        await pilot.press("u")
        await settle(pilot)
        assert outcomes(store, "3")[:2] == ["answered", "pending"]
        await pilot.press("u")
        await settle(pilot)
        assert outcomes(store, "3")[:2] == ["pending", "pending"]
        await pilot.press("u")  # nothing left: no change, no crash
        await settle(pilot)
        assert outcomes(store, "3") == [Outcome.PENDING.value] * 3


async def test_every_mark_is_on_disk_at_once(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from foitui.store import Store as StoreClass

    async with run_app(store) as (_app, pilot):
        await open_stepper(pilot, "3")
        await pilot.press("a")
        # A second process opening the store now sees the change: nothing waits for quit.
        other = StoreClass.open(store.root)
        assert other.get("3").questions[0].outcome == Outcome.ANSWERED


async def test_a_note_saved_meanwhile_by_another_user_is_kept_and_shown(store: Store) -> None:
    async with run_app(store, notifications=True) as (app, pilot):
        await open_stepper(pilot, "3")
        await pilot.press("N")  # the note is empty as the dialog opens
        other = Store.open(store.root)  # another officer, another process
        other.mark("3", store.get("3").questions[0].key, note="asked the air team")
        await typed(pilot, "my note")
        await pilot.press("enter")
        await settle(pilot)
        assert Store.open(store.root).get("3").questions[0].note == "asked the air team"
        assert "note asked the air team" in screen_text(app)  # the stepper shows theirs
        (message,) = notices(app)
        assert "changed meanwhile" in message
        assert "yours was not saved: 'my note'" in message
