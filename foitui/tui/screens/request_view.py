"""One request: metadata, text, numbered questions with answers, references and links."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Header, Static

from foitui import views
from foitui.errors import FoituiError
from foitui.models import Link, Outcome, Request, Status
from foitui.tui.labels import (
    LAW_LABEL,
    check_line,
    clip,
    clip_words,
    due_phrase,
    long_date,
    one_line,
    question_name,
    safe,
)
from foitui.tui.phrases import Clipped, Phrases
from foitui.tui.screens.base import FoituiScreen
from foitui.tui.widgets.key_footer import KeyFooter
from foitui.wording import OUTCOME_WORD, STATUS_WORD

HINTS_SHOWN = 3


# Questions shown at once in the request view: a widget each, so a request of 10,000
# questions opens as fast as one of 60 (the stepper goes through them all).
QUESTION_WINDOW = 60


class RequestScreen(FoituiScreen):
    """Pushed over the list; escape goes back. Every edit is saved at once through the app."""

    #: What the footer keeps first when the width is short (see KeyFooter): at 80 columns
    #: everything but escape (back, as on every screen).
    FOOTER_KEYS = (
        "request.step",
        "request.link",
        "request.open_link",
        "request.clock",
        "request.history",
        "request.chain",
        "request.edit",
        "request.status",
        "request.back",
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="request.back", priority=True),
        Binding(
            "enter",
            "step",
            "Questions",
            id="request.step",
            tooltip="Step through the questions, from the selected one",
            priority=True,
        ),
        Binding(
            "down,j",
            "select_question(1)",
            "Next question",
            id="request.next",
            show=False,
            priority=True,
        ),
        Binding(
            "up,k",
            "select_question(-1)",
            "Prev question",
            id="request.prev",
            show=False,
            priority=True,
        ),
        Binding(
            "pagedown,ctrl+f",
            "page(1)",
            "Page down",
            id="request.page_down",
            show=False,
            priority=True,
        ),
        Binding(
            "pageup,ctrl+b,b",
            "page(-1)",
            "Page up",
            id="request.page_up",
            show=False,
            priority=True,
        ),
        Binding("home,g", "ends(0)", "Top", id="request.top", show=False, priority=True),
        Binding("end,G", "ends(1)", "Bottom", id="request.bottom", show=False, priority=True),
        Binding(
            "l",
            "link",
            "Link",
            id="request.link",
            tooltip="Link this request to another case",
            priority=True,
        ),
        Binding(
            "o",
            "open_link",
            "Links",
            id="request.open_link",
            tooltip="The linked cases: choose one to open",
            priority=True,
        ),
        Binding(
            "delete",
            "remove_link",
            "Unlink",
            id="request.unlink",
            tooltip="Remove a link (asks first)",
            show=False,
            priority=True,
        ),
        Binding(
            "e",
            "edit",
            "Edit",
            id="request.edit",
            tooltip="Edit reference, title, authority, received date, law",
            priority=True,
        ),
        Binding(
            "S",
            "status",
            "Status",
            id="request.status",
            tooltip="Set the status, or let the outcomes decide it",
            priority=True,
        ),
        Binding(
            "h",
            "history",
            "History",
            id="request.history",
            tooltip="Who changed what on this request",
            priority=True,
        ),
        Binding(
            "R",
            "review",
            "Review",
            id="request.review",
            tooltip="Internal review: record the request for one, then its outcome",
            show=False,
            priority=True,
        ),
        Binding(
            "L",
            "letter",
            "Letter",
            id="request.letter",
            tooltip="Preview the letter: acknowledgement, response or review",
            show=False,
            priority=True,
        ),
        # "k" is already "previous question" here, so the clock is on shift+k.
        Binding(
            "K",
            "clock",
            "Clock",
            id="request.clock",
            tooltip="The statutory clock: stops, extensions, responded date",
            priority=True,
        ),
        Binding(
            "F",
            "fix",
            "Fix split",
            id="request.fix",
            tooltip="Fix the parse of the selected question: split, merge, relabel, move text",
            show=False,
            priority=True,
        ),
        Binding(
            "A",
            "assign",
            "Assign",
            id="request.assign",
            tooltip="Assign this request to an officer or a team, or unassign it",
            show=False,
            priority=True,
        ),
        Binding(
            "V",
            "sign_off",
            "Sign-off",
            id="request.sign_off",
            tooltip="Clearance: mark it needed, ready for clearance, clear it or send it back",
            show=False,
            priority=True,
        ),
        Binding(
            "N",
            "case_note",
            "Case note",
            id="request.case_note",
            tooltip="Add an internal note to the case notes (kept for good: never edited)",
            show=False,
            priority=True,
        ),
        Binding(
            "C",
            "chain",
            "Chain",
            id="request.chain",
            tooltip="The chain of earlier and later requests this one belongs to",
            priority=True,
        ),
    ]

    class Loaded(Message):
        def __init__(self, request: Request) -> None:
            super().__init__()
            self.request = request

    class HintsLoaded(Message):
        def __init__(self, text: Text) -> None:
            super().__init__()
            self.text = text

    class LoadFailed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, request_id: str) -> None:
        super().__init__(classes="request-screen")
        self.request_id = request_id
        self.request: Request | None = None
        self.selected = 0
        # The first question shown: a request of thousands of questions shows a window of
        # QUESTION_WINDOW around the selection, not a widget per question.
        self.first_shown = 0
        # Keys typed while the request loads, replayed once it is shown (see on_key).
        self.typed_ahead: list[events.Key] = []

    def compose(self) -> ComposeResult:
        yield Header(icon=self.foitui.glyphs.icon)
        yield Static(Text(f"#{self.request_id}"), id="request-heading")
        yield Static(Text("Loading…"), id="request-meta")
        # Questions with their answers first: triage starts there. References and links
        # follow (the linking work), then leftover response text and the full request.
        with VerticalScroll(id="request-body", can_focus=False):
            yield Static(Text("Questions"), id="questions-title", classes="section-title")
            yield Vertical(id="questions")
            yield Static(Text("Hints"), id="hints-title", classes="section-title")
            yield Static(Text(""), id="hints", classes="section-body")
            yield Static(
                Text("References found in the texts"),
                id="references-title",
                classes="section-title",
            )
            yield Static(Text(""), id="references", classes="section-body")
            yield Static(Text("Linked cases"), id="links-title", classes="section-title")
            yield Static(Text(""), id="links", classes="section-body")
            yield Static(Text("Case notes"), id="case-notes-title", classes="section-title")
            yield Static(Text(""), id="case-notes", classes="section-body")
            yield Static(
                Text("Other response text"), id="unassigned-title", classes="section-title"
            )
            yield Static(Text(""), id="unassigned", classes="section-body")
            yield Static(Text("Request text"), id="request-text-title", classes="section-title")
            yield Static(Text(""), id="request-text", classes="section-body")
        yield KeyFooter()

    def on_mount(self) -> None:
        for name in ("hints", "hints-title", "case-notes", "case-notes-title"):
            self.query_one(f"#{name}").display = False
        self.load()
        self.load_hints()

    # ------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="request-load", exit_on_error=False)
    def load(self) -> None:
        # Full texts live in corpus shards on disk: read them off the event loop.
        try:
            self.post_message(self.Loaded(self.store.get(self.request_id)))
        except FoituiError as error:
            self.post_message(self.LoadFailed(str(error)))

    def on_request_screen_loaded(self, message: Loaded) -> None:
        self.show(message.request)
        typed, self.typed_ahead = self.typed_ahead, []
        for key in typed:
            self.app.post_message(events.Key(key.key, key.character))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Until the request is loaded its keys wait (None: shown, disabled) except "back".
        return self.request is not None or action == "app.pop_screen" or None

    def on_key(self, event: events.Key) -> None:
        if self.request is None and event.key != "escape":
            event.stop()
            event.prevent_default()
            self.typed_ahead.append(event)

    def on_request_screen_load_failed(self, message: LoadFailed) -> None:
        self.notify(message.error, severity="error", markup=False)
        self.query_one("#request-meta", Static).update(Text(message.error))

    def store_changed(self, ids: set[str] | None) -> None:
        if ids is None or self.request_id in ids or self._links_to(ids):
            self.load()
        if ids is None or self.request_id in ids:
            self.load_hints()

    @work(thread=True, exclusive=True, group="request-hints", exit_on_error=False)
    def load_hints(self) -> None:
        # Compares the request with the whole store: slow at scale, so off the event loop.
        from foitui import hints

        try:
            aggregate = hints.aggregation_groups(self.store, self.request_id)[:HINTS_SHOWN]
            repeat = hints.repeat_candidates(self.store, self.request_id)[:HINTS_SHOWN]
        except FoituiError:
            return
        text = Text()
        for label, found in (("aggregate (s.12)", aggregate), ("repeat? (s.14(2))", repeat)):
            for hint in found:
                text.append(f"{label}  ", style="bold")
                text.append(f"#{hint.id} ")
                text.append(one_line(hint.ref or ""))
                text.append("  ")
                text.append(clip(one_line(hint.title), 40))
                text.append("\n    ")
                text.append(clip_words(one_line(hint.reason)), style="italic")
                text.append("\n")
        text.rstrip()
        self.post_message(self.HintsLoaded(text))

    def on_request_screen_hints_loaded(self, message: HintsLoaded) -> None:
        for name in ("hints", "hints-title"):
            self.query_one(f"#{name}").display = bool(message.text.plain)
        self.query_one("#hints", Static).update(message.text)

    def _links_to(self, ids: set[str]) -> bool:
        return self.request is not None and any(link.target in ids for link in self.request.links)

    # ------------------------------------------------------------------ drawing

    def show(self, request: Request) -> None:
        self.request = request
        today = self.foitui.today
        heading = Text(f"#{request.id}  ", style="bold")
        heading.append(one_line(request.ref) or "(no ref)", style="bold")
        heading.append("  ")
        heading.append(one_line(request.title) or "(no title)")
        # Two lines at most (its CSS): a longer title ends in "…", not mid-word at the edge.
        self.query_one("#request-heading", Static).update(Clipped(heading, lines=2))
        self.query_one("#request-meta", Static).update(self._meta(request, today))
        self.query_one("#request-text", Static).update(
            Text(safe(request.request_text).strip() or "(no request text)")
        )
        self._show_questions(request)
        unassigned = "\n\n".join(safe(block).strip() for block in request.unassigned_response)
        for name in ("unassigned", "unassigned-title"):
            self.query_one(f"#{name}").display = bool(unassigned)
        self.query_one("#unassigned", Static).update(Text(unassigned))
        self.query_one("#references", Static).update(self._references(request))
        self.query_one("#links", Static).update(self._links(request))
        notes = self._case_notes()
        # Shown once there is a note (N adds one), as the other optional sections are.
        for name in ("case-notes", "case-notes-title"):
            self.query_one(f"#{name}").display = bool(notes.plain)
        self.query_one("#case-notes", Static).update(notes)

    def _meta(self, request: Request, today: date) -> Phrases:
        """The lines under the heading, as phrases: a narrow terminal breaks a line between
        "status new" and "0/6 decided", never inside either."""
        left = views.days_left(request, today)
        received = long_date(request.received) if request.received else "not recorded"
        lines: list[list[Text]] = [
            [
                Text(one_line(request.authority) or "no authority"),
                Text(LAW_LABEL[request.law]),
                Text(f"received {received}"),
            ]
        ]
        overdue = left is not None and left < 0
        status = [Text(due_phrase(request.due, left), style="bold" if overdue else "")]
        if request.responded:
            status.append(Text(f"responded {long_date(request.responded)}"))
        status.append(Text(f"status {STATUS_WORD[request.status]}"))
        pending = sum(1 for q in request.questions if q.outcome == Outcome.PENDING)
        status.append(Text(f"{len(request.questions) - pending}/{len(request.questions)} decided"))
        lines.append(status)
        if any(q.hours is not None for q in request.questions):
            lines.append([Text("cost ") + Text(self._cost())])
        check = check_line(request)
        if check:
            line = Text(f"{self.foitui.glyphs.check} {check}", style="bold")
            lines.append([line + Text("  (F fixes)")])
        team = self._team_line()
        if team is not None:
            lines.append([team])
        review = self._review(request)
        if review is not None:
            style = "bold" if review.overdue(today) else ""
            lines.append([Text(one_line(review.describe(today)), style=style)])
        from foitui.law.reviews import requester_windows

        windows = requester_windows(request.law, request.responded, request.due, review, today)
        with contextlib.suppress(FoituiError):  # gone meanwhile: the view reloads
            windows += views.lapse_lines(self.store, self.store.summary(self.request_id), today)
        lines.extend([Text(one_line(line), style="dim")] for line in windows)
        from foitui.law.equivalents import mismatches

        cited = [(q.label or q.key, q.exemptions) for q in request.questions]
        for line in mismatches(request.law, cited):
            lines.append([Text(f"law mismatch: {one_line(line)}", style="bold")])
        return Phrases(lines, indent=0)

    def _team_line(self) -> Text | None:
        """ "assigned to alice · awaiting clearance (bob, 2026-12-04 10:31)"; None in a store
        that neither assigns nor signs off."""
        from foitui.team import STAGE_LABEL, stage

        try:
            if not self.store.uses_team():
                return None
            row = self.store.summary(self.request_id)
            where = stage(row, self.store.clearance_rule())
            step = (self.store.triage_doc(self.request_id).get("clearance") or {}).get("stage")
        except FoituiError:
            return None
        text = Text(f"assigned to {one_line(row.assignee)}" if row.assignee else "unassigned")
        if where:
            text.append(" · sign-off: ")
            text.append(STAGE_LABEL[where], style="bold")
            if isinstance(step, dict) and step.get("user") and where == step.get("stage"):
                when = str(step.get("at", ""))[:16].replace("T", " ")
                text.append(f" ({one_line(str(step['user']))}, {when})")
        return text

    def _case_notes(self) -> Text:
        try:
            notes = self.store.case_notes(self.request_id)
        except FoituiError as error:
            return Text(str(error))
        text = Text()
        for note in notes:
            text.append(note.at[:16].replace("T", " ") + "  ", style="dim")
            text.append(one_line(note.user), style="bold")
            text.append("  ")
            text.append(safe(note.text).strip())
            text.append("\n")
        text.rstrip()
        return text

    def _review(self, request: Request):  # -> law.reviews.Review | None
        from foitui.views import review_of

        try:
            return review_of(self.store, request)
        except (FoituiError, ValueError):
            return None

    def _cost(self) -> str:
        from foitui import costs

        try:
            return costs.estimate(self.store, self.request_id).describe()
        except FoituiError as error:
            return str(error)

    def _show_questions(self, request: Request) -> None:
        container = self.query_one("#questions", Vertical)
        total = len(request.questions)
        self.selected = min(self.selected, max(total - 1, 0))
        first = self._window_for(total)
        shown = request.questions[first : first + QUESTION_WINDOW]
        pending = sum(1 for q in request.questions if q.outcome == Outcome.PENDING)
        title = f"Questions ({total:,}, {pending:,} pending)"
        if len(shown) < total:
            title += f", {first + 1:,}-{first + len(shown):,} shown (j/k move on)"
        self.query_one("#questions-title", Static).update(
            Text(f"{title}  enter: step through them")
        )
        blocks = list(container.query(".question").results(Static))
        if len(blocks) != len(shown):
            container.remove_children()
            blocks = [Static(classes="question") for _ in shown]
            container.mount_all(blocks)
        for offset, (question, block) in enumerate(zip(shown, blocks, strict=True)):
            index = first + offset
            block.update(self._question(index, request, index == self.selected))
            block.set_class(index == self.selected, "-selected")
            block.set_class(question.outcome == Outcome.PENDING, "-pending")

    def _window_for(self, total: int) -> int:
        """The first question to show so that the selection is in the window."""
        first = self.first_shown
        if self.selected < first:
            first = max(0, self.selected - QUESTION_WINDOW // 4)
        elif self.selected >= first + QUESTION_WINDOW:
            first = self.selected - QUESTION_WINDOW + QUESTION_WINDOW // 4
        self.first_shown = max(0, min(first, total - QUESTION_WINDOW))
        return self.first_shown

    def _question(self, index: int, request: Request, selected: bool) -> Text:
        question = request.questions[index]
        glyphs = self.foitui.glyphs
        # The marker says which question enter opens, without relying on colour.
        text = Text(f"{glyphs.cursor} " if selected else "  ", style="bold")
        text.append(f"{question_name(question.label, question.key)}  ", style="bold")
        text.append(OUTCOME_WORD[question.outcome].upper(), style="bold")
        if question.exemptions:
            text.append(f"  {', '.join(question.exemptions)}")
        if question.attachment:
            text.append("  answered by an attachment")
        text.append("\n")
        text.append(safe(question.text).strip())
        text.append(f"\n{glyphs.answer} ")
        text.append(safe(question.answer).strip() or "(no answer found)", style="italic")
        if question.note:
            text.append("\nnote: ")
            text.append(safe(question.note).strip())
        return text

    def _references(self, request: Request) -> Text:
        if not request.references:
            return Text("none")
        text = Text()
        for reference in request.references:
            text.append(f"{one_line(reference.text)}  ")
            if reference.resolved:
                text.append(f"in store: #{reference.resolved} ")
                text.append(self._title_of(reference.resolved))
            else:
                text.append("external (not in this store)")
            text.append("\n")
        text.rstrip()
        return text

    def _links(self, request: Request) -> Text:
        if not request.links:
            return Text("none  (l links this request to another case)")
        text = Text()
        for link in request.links:
            text.append(self.link_label(link))
            text.append("\n")
        text.rstrip()
        return text

    def link_label(self, link: Link) -> Text:
        """One link as read from this request: direction, kind, case, note."""
        text = Text()
        glyphs = self.foitui.glyphs
        arrow = glyphs.link_in if link.inbound else glyphs.link_out
        text.append(f"{arrow} {link.kind.value:<9} ")
        if link.external:
            text.append(f"external {one_line(link.target)}")
        else:
            text.append(f"#{link.target} ")
            text.append(self._title_of(link.target))
        if link.inbound:
            text.append("  (links here)")
        if link.note:
            text.append("  note: ")
            text.append(one_line(link.note))
        return text

    def _title_of(self, request_id: str) -> Text:
        try:
            row = self.store.summary(request_id)
        except FoituiError:
            return Text("")
        text = Text(one_line(row.ref) + " " if row.ref else "")
        text.append(clip(one_line(row.title), 50))
        return text

    # ------------------------------------------------------------------ moving

    def action_select_question(self, step: int) -> None:
        if self.request is None or not self.request.questions:
            return
        self.selected = max(0, min(self.selected + step, len(self.request.questions) - 1))
        first = self.first_shown
        if self._window_for(len(self.request.questions)) != first:
            self._show_questions(self.request)  # the selection left the window: move it
        first = self.first_shown
        blocks = list(self.query(".question").results(Static))
        for offset, block in enumerate(blocks):
            index = first + offset
            if block.has_class("-selected") != (index == self.selected):
                block.update(self._question(index, self.request, index == self.selected))
            block.set_class(index == self.selected, "-selected")
        if blocks:
            self.query_one("#request-body", VerticalScroll).scroll_to_widget(
                blocks[self.selected - first], animate=False
            )

    def action_page(self, direction: int) -> None:
        body = self.query_one("#request-body", VerticalScroll)
        body.scroll_page_down(animate=False) if direction > 0 else body.scroll_page_up(
            animate=False
        )

    def action_ends(self, end: int) -> None:
        body = self.query_one("#request-body", VerticalScroll)
        body.scroll_end(animate=False) if end else body.scroll_home(animate=False)

    # ------------------------------------------------------------------ actions

    def action_step(self) -> None:
        if self.request is None:
            return
        if not self.request.questions:
            self.notify("This request has no questions to step through.", severity="warning")
            return
        from foitui.tui.screens.stepper import QuestionStepper

        self.app.push_screen(QuestionStepper(self.request, index=self.selected))

    def action_link(self) -> None:
        if self.request is None or not self.foitui.can_edit():
            return
        from foitui.tui.screens.link_dialog import LinkDialog

        request_id = self.request_id
        self.app.push_screen(
            LinkDialog(self.request),
            lambda result: self.foitui.link(request_id, result) if result else None,
        )

    def _link_choices(self, links: list[Link]) -> list[tuple[str, Text]]:
        choices = []
        for index, link in enumerate(links):
            label = self.link_label(link)
            label.no_wrap, label.overflow = True, "ellipsis"  # one line each, cut with "…"
            choices.append((str(index), label))
        return choices

    def action_open_link(self) -> None:
        """The linked cases in a panel, one key away however long the questions are."""
        if self.request is None:
            return
        links = list(self.request.links)
        if not links:
            self.notify("No linked cases yet: l links this request to another.", timeout=3)
            return
        from foitui.tui.screens.choice import ChoiceScreen

        def chosen(value: str | None) -> None:
            if value is None:
                return
            link = links[int(value)]
            if link.external:
                self.notify(f"{one_line(link.target)} is not in this store.", markup=False)
            else:
                self.foitui.open_request(link.target)

        title = f"Linked cases of #{self.request_id} ({len(links)})"
        self.app.push_screen(
            ChoiceScreen(
                title,
                self._link_choices(links),
                help_text="enter open · escape back",
            ),
            chosen,
        )

    def action_remove_link(self) -> None:
        if self.request is None or not self.foitui.can_edit():
            return
        links = list(self.request.links)
        if not links:
            self.notify("This request has no links.", severity="warning")
            return
        if len(links) == 1:
            self._confirm_unlink(links[0])
            return
        from foitui.tui.screens.choice import ChoiceScreen

        def chosen(value: str | None) -> None:
            if value is not None:
                self._confirm_unlink(links[int(value)])

        self.app.push_screen(ChoiceScreen("Remove which link?", self._link_choices(links)), chosen)

    def _confirm_unlink(self, link: Link) -> None:
        from foitui.tui.screens.confirm import ConfirmScreen

        label = self.link_label(link).plain
        request_id = self.request_id

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            if link.inbound:  # the link is stored on the other request
                self.foitui.edit(lambda: self.store.unlink(link.target, request_id))
            else:
                self.foitui.edit(lambda: self.store.unlink(request_id, link.target))

        self.app.push_screen(ConfirmScreen(f"Remove this link?\n{label}"), confirmed)

    def action_edit(self) -> None:
        if self.request is None or not self.foitui.can_edit():
            return
        from foitui.tui.screens.metadata_form import MetadataForm

        request_id = self.request_id
        form = MetadataForm(self.request)

        def save(fields: dict[str, str | None] | None) -> None:
            if fields:
                # Every field checks what it overwrites: one another user changed since the
                # form opened is kept, and the error says so (nothing of the form is saved).
                seen = {name: form.before[name] for name in fields}
                self.foitui.edit(lambda: self.store.set_fields(request_id, fields, seen=seen))

        self.app.push_screen(form, save)

    def action_status(self) -> None:
        if self.request is None or not self.foitui.can_edit():
            return
        from foitui.tui.screens.choice import ChoiceScreen

        manual = (self.store.triage_doc(self.request_id).get("fields") or {}).get("status")
        choices = [("auto", "automatic (from the questions' outcomes)")] + [
            (status.value, STATUS_WORD[status]) for status in Status
        ]
        request_id = self.request_id

        def chosen(value: str | None) -> None:
            if value is not None:
                status = None if value == "auto" else value
                self.foitui.edit(lambda: self.store.set_status(request_id, status))

        self.app.push_screen(ChoiceScreen("Set status", choices, current=manual or "auto"), chosen)

    def action_review(self) -> None:
        """No review yet: ask the day it was requested. One recorded: its outcome (then the day
        it was answered), or remove it."""
        if self.request is None or not self.foitui.can_edit():
            return
        from foitui.tui.screens.choice import ChoiceScreen
        from foitui.tui.screens.clock import ask_date as ask_day

        request_id = self.request_id
        review = self._review(self.request)
        today = self.foitui.today

        def ask_date(title: str, then: Callable[[date], None]) -> None:
            ask_day(self, title, today, then)

        if review is None:
            ask_date(
                "Internal review requested on",
                lambda day: self.foitui.edit(lambda: self.store.set_review(request_id, day)),
            )
            return
        requested = review.requested
        choices = [
            ("upheld", "upheld: the decision stands"),
            ("partly_upheld", "partly upheld"),
            ("overturned", "overturned"),
            ("remove", "remove this review"),
        ]

        def outcome(value: str | None) -> None:
            if value == "remove":
                self.foitui.edit(lambda: self.store.set_review(request_id, None))
            elif value is not None:
                ask_date(
                    "Review completed on",
                    lambda day: self.foitui.edit(
                        lambda: self.store.set_review(request_id, requested, day, value)
                    ),
                )

        current = review.outcome.value if review.outcome else None
        title = f"Review requested {requested.isoformat()}, due {review.due.isoformat()}: outcome"
        self.app.push_screen(ChoiceScreen(title, choices, current=current), outcome)

    def action_letter(self) -> None:
        from foitui.tui.screens.choice import ChoiceScreen
        from foitui.tui.screens.letter import KIND_LABEL, LetterScreen

        request_id = self.request_id

        def chosen(kind: str | None) -> None:
            if kind is not None:
                self.app.push_screen(LetterScreen(request_id, kind))

        choices = list(KIND_LABEL.items())
        self.app.push_screen(ChoiceScreen("Which letter?", choices, current="response"), chosen)

    def action_clock(self) -> None:
        from foitui.tui.screens.clock import ClockScreen

        self.app.push_screen(ClockScreen(self.request_id))

    def action_chain(self) -> None:
        from foitui.tui.screens.chain import ChainScreen

        def chosen(request_id: str | None) -> None:
            if request_id is not None and request_id != self.request_id:
                self.foitui.open_request(request_id)

        self.app.push_screen(ChainScreen(self.request_id), chosen)

    def action_fix(self) -> None:
        if self.request is None:
            return
        from foitui.tui.screens.fix_dialog import fix_question

        fix_question(self, self.request, self.selected)

    def action_assign(self) -> None:
        self.foitui.assign(self.request_id, self.store.summary(self.request_id).assignee)

    def action_case_note(self) -> None:
        from foitui.tui.screens.prompt import PromptScreen

        if not self.foitui.can_edit():
            return
        request_id = self.request_id

        def save(text: str | None) -> None:
            if text and self.foitui.edit(lambda: self.store.add_case_note(request_id, text)):
                self.notify("Case note added.", markup=False)

        self.app.push_screen(
            PromptScreen(
                f"Case note on #{request_id} (kept for good: a note is never edited)",
                placeholder="what happened, what was decided",
            ),
            save,
        )

    def action_sign_off(self) -> None:
        from foitui import team
        from foitui.tui.screens.choice import ChoiceScreen

        if not self.foitui.can_edit():
            return
        request_id = self.request_id
        row = self.store.summary(request_id)
        rule = self.store.clearance_rule()
        current = row.clearance or team.DRAFTING
        needed = team.needs_clearance(row, rule)
        choices: list[tuple[str, str]] = []
        for step, (allowed, _) in team.STEPS.items():
            if current in allowed:
                label = {
                    "ready": "ready for clearance (to the approver)",
                    "clear": "clear it (approve the response)",
                    "return": "send it back to the responder, with a comment",
                    "reopen": "back to drafting",
                }[step]
                choices.append((step, label))
        if row.clearance_needed is not True and not needed:
            choices.append(("needed", "mark it as needing clearance"))
        if row.clearance_needed is not False and needed:
            choices.append(("not-needed", "mark it as needing no clearance"))
        if row.clearance_needed is not None:
            choices.append(("by-rule", f"let the store's rule decide (clearance_rule: {rule})"))
        where = team.STAGE_LABEL[team.stage(row, rule) or current]
        title = f"Sign-off of #{request_id}: {where if needed or row.clearance else 'not needed'}"

        def chosen(value: str | None) -> None:
            if value is None:
                return
            if value == "return":
                self._send_back(request_id)
            elif value in ("needed", "not-needed", "by-rule"):
                flag = {"needed": True, "not-needed": False}.get(value)
                self._sign_off_saved(
                    self.foitui.edit(lambda: self.store.set_needs_clearance(request_id, flag))
                )
            else:
                self._sign_off_saved(
                    self.foitui.edit(lambda: self.store.clearance_step(request_id, value))
                )

        self.app.push_screen(ChoiceScreen(title, choices), chosen)

    def _send_back(self, request_id: str) -> None:
        from foitui.tui.screens.prompt import PromptScreen

        def check(text: str) -> str | None:
            return None if text.strip() else "Say what should change (kept as a case note)"

        def save(text: str | None) -> None:
            if text:
                self._sign_off_saved(
                    self.foitui.edit(lambda: self.store.clearance_step(request_id, "return", text))
                )

        self.app.push_screen(PromptScreen("Send back: what should change?", check=check), save)

    def _sign_off_saved(self, saved: bool) -> None:
        if saved:
            from foitui.team import STAGE_LABEL, stage

            row = self.store.summary(self.request_id)
            where = stage(row, self.store.clearance_rule())
            self.notify(
                f"Sign-off: {STAGE_LABEL[where]}." if where else "Needs no clearance.",
                markup=False,
            )

    def action_history(self) -> None:
        from foitui.tui.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.request_id))
