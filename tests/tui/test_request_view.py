"""The request view: what it shows, and every key that edits or moves from it."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input

from foitui.models import LinkKind, Status
from foitui.store import Store
from foitui.tui.screens.choice import ChoiceScreen
from foitui.tui.screens.history import HistoryScreen
from foitui.tui.screens.link_dialog import LinkDialog
from foitui.tui.screens.metadata_form import MetadataForm
from foitui.tui.screens.request_view import RequestScreen
from foitui.tui.screens.stepper import QuestionStepper
from tests.tui.conftest import (
    burst,
    open_by_key,
    open_from_request,
    open_request,
    run_app,
    search,
    settle,
    shown,
    typed,
)
from tests.tui.fixtures import _question, _request, notices, screen_text


async def test_shows_metadata_questions_references_links(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        screen = await open_request(pilot, "2")
        text = screen_text(app)
        assert "FOI 12001" in text
        assert "Wigan Council · FOIA · received 1 Mar 2024" in text
        assert "due 3 Apr 2024 (8 working days left)" in text
        assert "Questions (5, 2 pending)" in text
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "FOI 11726" in text and "in store: #1" in text
        assert "FOI 2023/0456" in text and "external (not in this store)" in text
        # Request 7 links to this one: the link shows here too, marked as inbound.
        assert "← related   #7" in text
        assert "same suppliers" in text
        assert "Please note that in our last response" in text
        assert screen.request is not None and len(screen.request.questions) == 5


async def test_question_cursor_then_enter_opens_the_stepper_there(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        screen = await open_request(pilot, "2")
        await pilot.press("j", "j", "down", "k")
        assert screen.selected == 2
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app, QuestionStepper).question.key == "3"
        await pilot.press("escape", "enter")
        assert isinstance(app.screen, QuestionStepper)


async def test_edit_metadata(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        form = await open_from_request(pilot, "4", "e", MetadataForm)
        assert "2024-01-15" in screen_text(app)  # the form shows the current values
        form.query_one("#field-ref").value = "FOI 13000"
        form.query_one("#field-title").value = "Pothole repairs, A350 and A36"
        form.query_one("#field-received").value = "20/01/2024"
        form.query_one("#field-law").value = "eir"
        await pilot.press("enter")
        await settle(pilot)
        request = store.get("4")
        assert request.ref == "FOI 13000"
        assert request.title == "Pothole repairs, A350 and A36"
        assert request.received == date(2024, 1, 20)
        assert request.law.value == "eir"
        assert store.find("FOI 13000") == "4"
        assert "FOI 13000" in screen_text(app)


async def test_edit_metadata_refuses_a_bad_date(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        form = await open_from_request(pilot, "4", "e", MetadataForm)
        form.query_one("#field-received").value = "31/02/2024"
        await pilot.press("enter")
        await pilot.pause()
        assert "is not a date" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert store.get("4").received == date(2024, 1, 15)
        assert isinstance(app.screen, RequestScreen)


async def test_status_picker_sets_and_clears_status(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "3")
        await pilot.press("S")
        await pilot.pause()
        # automatic, new, in_progress, waiting_clarification, on_hold
        await pilot.press("home", "down", "down", "down", "down", "enter")
        await settle(pilot)
        assert store.summary("3").status == Status.ON_HOLD
        assert "status on hold" in screen_text(app)
        assert app.list_screen.all_rows["3"].status == Status.ON_HOLD
        await pilot.press("S", "home", "enter")
        await settle(pilot)
        assert store.summary("3").status == Status.NEW
        assert "status" not in (store.triage_doc("3").get("fields") or {})


async def test_undo_of_waiting_for_clarification_restarts_the_clock(store: Store) -> None:
    # Setting "waiting for clarification" stops the clock (FOIA s.1(3), s.10(6)(b)); one `u`
    # puts back the status and the stop together, never the status alone.
    due = store.summary("3").due
    async with run_app(store) as (_app, pilot):
        await open_request(pilot, "3")
        await pilot.press("S")
        await pilot.pause()
        # automatic, new, in_progress, waiting_clarification
        await pilot.press("home", "down", "down", "down", "enter")
        await settle(pilot)
        assert store.summary("3").status == Status.WAITING_CLARIFICATION
        assert store.triage_doc("3").get("stops")
        await pilot.press("u")
        await settle(pilot)
        assert not store.triage_doc("3").get("stops")
        assert store.summary("3").status != Status.WAITING_CLARIFICATION
        assert store.summary("3").due == due


async def test_o_lists_the_linked_cases_and_opens_one(store: Store) -> None:
    # "Linked cases" came only after scrolling past every question: o lists them at once.
    store.link("7", "FOI 99999", kind="related")  # a case outside this store
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "7")
        panel = await open_by_key(pilot, "o", ChoiceScreen)
        assert "Linked cases of #7 (2)" in screen_text(app)
        assert [value for value, _ in panel.choices] == ["0", "1"]
        await pilot.press("j", "enter")  # the external case: said so, nothing opened
        await settle(pilot)
        assert shown(app, RequestScreen).request_id == "7"
        assert any("not in this store" in n for n in notices(app))
        await open_by_key(pilot, "o", ChoiceScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app, RequestScreen).request_id == "2"
        await pilot.press("escape")
        assert shown(app, RequestScreen).request_id == "7"


async def test_d_removes_a_link_after_confirming(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "7")
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("n")  # no: nothing happens
        await settle(pilot)
        assert [link.target for link in store.get("7").links] == ["2"]
        await pilot.press("delete", "y")
        await settle(pilot)
        assert store.get("7").links == []
        assert store.get("2").links == []
        assert "none  (l links" in screen_text(app)


async def test_d_removes_an_inbound_link_from_the_other_side(store: Store) -> None:
    async with run_app(store) as (_app, pilot):
        await open_request(pilot, "2")
        await pilot.press("delete", "enter")
        await settle(pilot)
        assert store.get("7").links == []


async def test_link_dialog_links_a_suggested_reference_as_prior(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_from_request(pilot, "2", "l", LinkDialog)
        assert "FOI 11726" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        outbound = [link for link in store.get("2").links if not link.inbound]
        assert [(link.target, link.kind) for link in outbound] == [("1", LinkKind.PRIOR)]
        inbound = store.get("1").links
        assert [(link.target, link.inbound) for link in inbound] == [("2", True)]
        assert isinstance(app.screen, RequestScreen)
        await pilot.press("end")
        await pilot.pause()
        assert "→ prior     #1 FOI 11726" in screen_text(app)


async def test_link_dialog_spells_shared_terms_as_the_request_does(store: Store) -> None:
    # Similar cases' reasons name the words the two requests share: as the request spells
    # them ("predictive"), not as the similarity index keeps them (the stem "predictiv").
    async with run_app(store) as (app, pilot):
        await open_from_request(pilot, "1", "l", LinkDialog)
        await settle(pilot)
        reasons = [line for line in screen_text(app).splitlines() if "shared terms" in line]
        assert reasons and all("predictive" in line for line in reasons)
        assert not any("predictiv," in line or "predictiv;" in line for line in reasons)


async def test_a_huge_shared_word_does_not_fill_the_link_dialog(store: Store) -> None:
    # Two requests sharing a 5,000-character "word" (a pasted blob): the suggestion's reason
    # printed all of it, some seventy lines, and pushed every other case out of sight.
    blob = "qz" * 2500
    text = f"Grit bins and gritting routes in Wigan, see {blob} for the map."
    items = [
        _request(8 + n, ref=f"FOI 3000{n}", title=f"Gritting routes {n}", request_text=text)
        for n in range(2)
    ]
    for item in items:
        item.questions = [_question("1", text)]
    store.import_requests(items, ["blob-0", "blob-1"])
    new = store.find("FOI 30000")
    async with run_app(store) as (app, pilot):
        await open_from_request(pilot, new, "l", LinkDialog)
        await settle(pilot)
        shown_text = screen_text(app)
        assert "shared terms" in shown_text
        # The word is cut short, with an ellipsis.
        assert sum("qzqz" in line for line in shown_text.splitlines()) <= 2
        assert "…" in shown_text


async def test_link_dialog_kind_note_and_search(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_from_request(pilot, "3", "l", LinkDialog)
        await search(pilot, "pothole")
        assert "1 found for" in screen_text(app)
        await pilot.press("tab", "4")  # to the list; kind aggregate
        await pilot.press("N")
        await typed(pilot, "same roads")
        await pilot.press("enter")
        await settle(pilot)
        link = store.get("3").links[0]
        assert (link.target, link.kind, link.note) == ("4", LinkKind.AGGREGATE, "same roads")


async def test_link_dialog_takes_an_id_written_as_the_app_shows_it(store: Store) -> None:
    # "#4" is request 4 (as the dialog's own list writes it), not an external case "#4".
    async with run_app(store) as (app, pilot):
        await open_from_request(pilot, "3", "l", LinkDialog)
        await search(pilot, "#4")
        assert "not in this store" not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        link = store.get("3").links[0]
        assert (link.target, link.external) == ("4", False)


async def test_link_dialog_external_reference(store: Store) -> None:
    async with run_app(store, notifications=True) as (app, pilot):
        await open_from_request(pilot, "3", "l", LinkDialog)
        await search(pilot, "EIR 2022/7")
        await pilot.press("enter")
        await settle(pilot)
        # Not in this store: said, and asked once before it is saved.
        assert "EIR 2022/7 is not in this store" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert "Linked #3 to EIR 2022/7, not in this store (prior)." in notices(app)
        link = store.get("3").links[0]
        assert (link.target, link.external, link.kind) == ("EIR 2022/7", True, LinkKind.PRIOR)


async def test_link_dialog_refuses_the_request_itself_and_stays_open(store: Store) -> None:
    async with run_app(store, notifications=True) as (app, pilot):
        await open_from_request(pilot, "6", "l", LinkDialog)
        await search(pilot, "FOI 12077")  # request 6's own reference, named by no other
        assert "FOI 12077 is this request" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        dialog = shown(app, LinkDialog)
        assert dialog.query_one("#link-search", Input).value == "FOI 12077"
        assert any("a request cannot be linked to itself" in text for text in notices(app))
        assert store.get("6").links == []
        # The search is there to change: another case is linked as usual.
        await pilot.press("ctrl+u")
        await typed(pilot, "FOI 12001")
        await settle(pilot, debounce=True)
        await pilot.press("enter")
        await settle(pilot)
        assert [link.target for link in store.get("6").links] == ["2"]


async def test_link_dialog_own_reference_named_by_others_links_only_one_picked(
    store: Store,
) -> None:
    # Request 2's text names FOI 11726, so searching request 1's reference finds request 2:
    # shown, but not taken by enter until the user picks it.
    async with run_app(store, notifications=True) as (app, pilot):
        await open_from_request(pilot, "1", "l", LinkDialog)
        await search(pilot, "FOI 11726")
        assert "FOI 11726 is this request; 1 other case found" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app, LinkDialog).query_one("#link-search", Input).value == "FOI 11726"
        assert any("a request cannot be linked to itself" in text for text in notices(app))
        assert store.get("1").links == []
        await pilot.press("down", "enter")
        await settle(pilot)
        assert [link.target for link in store.get("1").links] == ["2"]


async def test_link_dialog_refuses_itself_typed_fast_by_id(store: Store) -> None:
    # Enter before the search has answered: the id is looked up at once, and refused too.
    async with run_app(store, notifications=True) as (app, pilot):
        await open_from_request(pilot, "1", "l", LinkDialog)
        burst(app, "/#1", "enter")
        await settle(pilot)
        assert shown(app, LinkDialog).query_one("#link-search", Input).value == "#1"
        assert any("a request cannot be linked to itself" in text for text in notices(app))
        assert store.get("1").links == []


async def test_link_dialog_escape_links_nothing(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_from_request(pilot, "3", "l", LinkDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert store.get("3").links == []
        assert isinstance(app.screen, RequestScreen)


async def test_undo_a_link(store: Store) -> None:
    async with run_app(store) as (_app, pilot):
        await open_request(pilot, "2")
        await pilot.press("l", "enter")
        await settle(pilot)
        assert any(link.target == "1" for link in store.get("2").links)
        await pilot.press("u")
        await settle(pilot)
        assert not any(link.target == "1" for link in store.get("2").links)
        assert store.get("1").links == []


async def test_history_lists_changes(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_from_request(pilot, "7", "h", HistoryScreen)
        text = screen_text(app)
        assert "History of request #7" in text
        assert "Linked to FOI 12001 (related): same suppliers" in text
        await pilot.press("escape")
        assert isinstance(app.screen, RequestScreen)


async def test_the_edit_form_keeps_a_title_changed_meanwhile(store: Store) -> None:
    # The edit form (`e`) silently overwrote a title another user changed meanwhile (notes and
    # exemptions already caught this).
    async with run_app(store, notifications=True) as (app, pilot):
        await open_from_request(pilot, "3", "e", MetadataForm)
        Store.open(store.root).set_field("3", "title", "Theirs, saved meanwhile")
        app.screen.query_one("#field-title", Input).value = "Mine"
        app.screen.query_one("#field-authority", Input).value = "Another council"
        await pilot.press("ctrl+s")
        await settle(pilot)
        again = Store.open(store.root)
        assert again.summary("3").title == "Theirs, saved meanwhile"
        assert again.summary("3").authority != "Another council"  # nothing of the form
        (message,) = notices(app)
        assert "#3: the title was changed meanwhile" in message
        assert "yours was not saved: 'Mine'" in message


async def test_a_request_of_thousands_of_questions_shows_a_window(tmp_path) -> None:
    # Issue 15: 10,000 questions took 20 s to open and seconds a key (a widget per question).
    from foitui.tui.screens.request_view import QUESTION_WINDOW

    big = Store.open(tmp_path / "big")
    questions = [_question(str(n), f"How many things in area {n}?") for n in range(1, 3001)]
    big.import_requests([_request(1, title="Everything", questions=questions)], ["big"])
    async with run_app(big) as (app, pilot):
        screen = await open_request(pilot, "1")
        assert len(list(screen.query(".question"))) == QUESTION_WINDOW
        assert "Questions (3,000, 3,000 pending), 1-60 shown" in screen_text(app)
        await pilot.press(*["j"] * (QUESTION_WINDOW + 5))
        await settle(pilot)
        assert screen.selected == QUESTION_WINDOW + 5
        assert len(list(screen.query(".question"))) == QUESTION_WINDOW
        assert "▶ Q66" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app, QuestionStepper).question.key == "66"
