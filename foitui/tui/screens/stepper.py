"""The question stepper: one question at a time, its answer, and single keys to triage it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Header, Static

from foitui.errors import FoituiError
from foitui.models import Outcome, Question, Request
from foitui.refs import ascii_number
from foitui.tui.labels import one_line, question_name, safe
from foitui.tui.phrases import Clipped, Phrases
from foitui.tui.screens.base import FoituiScreen
from foitui.tui.widgets.key_footer import KeyFooter
from foitui.wording import OUTCOME_WORD

if TYPE_CHECKING:
    from foitui.precedent import Precedent

PRECEDENTS_SHOWN = 2
PRECEDENT_ANSWER_CHARS = 160

KEYS_HINT = (
    "a answered · P partly · H not held · r refused · c clarify · 0 pending\n"
    "x exemptions · N note · T hours · j/k next/prev · 1-9 or : go to a question · ? all keys"
)


def _key(keys: str, action: str, description: str, name: str, **options: Any) -> Binding:
    """The stepper's binding `stepper.{name}` (`options`: Binding's show, tooltip, key_display).

    Every stepper key is a priority binding: it runs as the key is read, so what it changes is
    in place before the next key when keys come in one go.
    """
    return Binding(keys, action, description, id=f"stepper.{name}", priority=True, **options)


class QuestionStepper(FoituiScreen):
    """Each key that changes an outcome, exemptions or a note saves it at once (store.mark)."""

    #: What the footer keeps first when the width is short (see KeyFooter); the line of keys
    #: under the answer lists every outcome key too.
    FOOTER_KEYS = (
        "stepper.answered",
        "stepper.not_held",
        "stepper.refused",
        "stepper.exemptions",
        "stepper.next",
        "stepper.prev",
        "stepper.note",
        "stepper.clarify",
        "stepper.back",
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        _key("escape", "app.pop_screen", "Back", "back"),
        _key("j,right", "move(1)", "Next", "next"),
        _key("k,left", "move(-1)", "Prev", "prev"),
        _key("g", "ends(0)", "First question", "first", show=False),
        _key("G", "ends(1)", "Last question", "last", show=False),
        _key("a", "outcome('answered')", "Answered", "answered"),
        _key("P", "outcome('partly_answered')", "Partly", "partly", show=False),
        _key("H", "outcome('not_held')", "Not held", "not_held"),
        _key(
            "r",
            "outcome('refused')",
            "Refused",
            "refused",
            tooltip="Refused; then choose the exemptions",
        ),
        _key("c", "outcome('clarification_needed')", "Clarify", "clarify"),
        _key(
            "0,minus",
            "outcome('pending')",
            "Pending",
            "pending",
            tooltip="Back to pending",
            show=False,
        ),
        _key("x", "exemptions", "Exemptions", "exemptions"),
        _key(
            "T",
            "hours",
            "Hours",
            "hours",
            tooltip="Estimate the hours to answer this question (s.12 cost limit)",
            show=False,
        ),
        _key("N", "note", "Note", "note", tooltip="Write a note on this question"),
        _key(
            "F",
            "fix",
            "Fix split",
            "fix",
            tooltip="Fix the parse of this question: split, merge, relabel, move text",
            show=False,
        ),
        _key(
            "colon",
            "goto",
            "Go to question",
            "goto",
            tooltip="Go to a question by number or label",
            show=False,
        ),
        *[
            _key(
                digit,
                f"jump('{digit}')",
                "Question by number",
                f"digit{digit}",
                show=False,
                key_display="1-9",
            )
            for digit in "123456789"
        ],
        _key("down", "scroll(1)", "Scroll down", "scroll_down", show=False),
        _key("up", "scroll(-1)", "Scroll up", "scroll_up", show=False),
        _key("pagedown,ctrl+f", "page(1)", "Page down", "page_down", show=False),
        _key("pageup,ctrl+b", "page(-1)", "Page up", "page_up", show=False),
    ]

    class Loaded(Message):
        def __init__(self, request: Request) -> None:
            super().__init__()
            self.request = request

    class PrecedentsLoaded(Message):
        def __init__(self, found: dict[str, list[Precedent]]) -> None:
            super().__init__()
            self.found = found

    def __init__(self, request: Request, *, index: int = 0) -> None:
        super().__init__(classes="stepper-screen")
        self.request = request
        self.request_id = request.id or ""
        self.index = max(0, min(index, len(request.questions) - 1))
        # Earlier answers to questions like each of this request's, by question key.
        self.precedents: dict[str, list[Precedent]] = {}

    def compose(self) -> ComposeResult:
        yield Header(icon=self.foitui.glyphs.icon)
        yield Static(Text(""), id="stepper-heading")
        yield Static(Text(""), id="stepper-progress")
        # Outcome, exemptions and note stay in view however long the answer is.
        yield Static(Text(""), id="stepper-triage")
        with VerticalScroll(id="stepper-body", can_focus=False):
            yield Static(Text("Question"), classes="section-title")
            yield Static(Text(""), id="stepper-question", classes="section-body")
            yield Static(Text("Answer"), classes="section-title")
            yield Static(Text(""), id="stepper-answer", classes="section-body")
            yield Static(Text("Earlier answers"), id="precedents-title", classes="section-title")
            yield Static(Text(""), id="precedents", classes="section-body")
            yield Static(Phrases.of(KEYS_HINT), id="stepper-keys")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show()
        self.load_precedents()

    @property
    def question(self) -> Question:
        return self.request.questions[self.index]

    # ------------------------------------------------------------------ drawing

    def show(self) -> None:
        request, question = self.request, self.question
        heading = Text(f"#{request.id}  ", style="bold")
        heading.append(one_line(request.ref) or "(no ref)", style="bold")
        heading.append("  ")
        heading.append(one_line(request.title))
        self.query_one("#stepper-heading", Static).update(Clipped(heading, lines=2))
        pending = sum(1 for q in request.questions if q.outcome == Outcome.PENDING)
        position = self.index + 1
        name = question_name(question.label, question.key)
        # "Q3 of 5 · 2 pending"; a label that is not its position shows both ("Q2a · 3 of 7").
        where = f"Q{position}" if name == f"Q{position}" else f"{name} · {position}"
        progress = Text(f"{where} of {len(request.questions)} · {pending} pending", style="bold")
        self.query_one("#stepper-progress", Static).update(progress)
        self.query_one("#stepper-question", Static).update(Text(safe(question.text).strip()))
        answer = Text(safe(question.answer).strip() or "(no answer found in the response)")
        if question.attachment:
            # The figures are in a document sent with the response, not in this text.
            answer.append("\n(answered by an attachment)", style="italic")
        self.query_one("#stepper-answer", Static).update(answer)
        triage = Text("outcome ")
        triage.append(OUTCOME_WORD[question.outcome].upper(), style="bold")
        triage.append(" · exemptions ")
        triage.append(", ".join(question.exemptions) or "none", style="bold")
        if question.hours is not None:
            triage.append(" · estimate: ")
            triage.append(f"{question.hours:g} h", style="bold")
        triage.append("\nnote ")
        triage.append(one_line(question.note) or "none (N adds one)")
        self.query_one("#stepper-triage", Static).update(triage)
        self._show_precedents()

    def _show_precedents(self) -> None:
        found = self.precedents.get(self.question.key, [])[:PRECEDENTS_SHOWN]
        for name in ("precedents", "precedents-title"):
            self.query_one(f"#{name}").display = bool(found)
        text = Text()
        for precedent in found:
            text.append(one_line(precedent.ref or "") or f"#{precedent.request_id}", style="bold")
            if precedent.ref:
                text.append(f" #{precedent.request_id}")
            text.append(f"  {OUTCOME_WORD[precedent.outcome]}")
            if precedent.exemptions:
                text.append(f"  {', '.join(one_line(e) for e in precedent.exemptions)}")
            answer = one_line(safe(precedent.answer))
            if len(answer) > PRECEDENT_ANSWER_CHARS:
                answer = answer[: PRECEDENT_ANSWER_CHARS - 1].rstrip() + "…"
            text.append(f"\n{self.foitui.glyphs.answer} ")
            text.append(answer or "(no answer text recorded)", style="italic")
            text.append("\n")
        text.rstrip()
        self.query_one("#precedents", Static).update(text)

    @work(thread=True, exclusive=True, group="stepper-precedents", exit_on_error=False)
    def load_precedents(self) -> None:
        # Ranks the whole store against each question: slow at scale, so once per request.
        from foitui.precedent import precedents_by_question

        try:
            found = precedents_by_question(self.store, self.request_id, limit=3)
        except FoituiError:
            return
        self.post_message(self.PrecedentsLoaded(found))

    def on_question_stepper_precedents_loaded(self, message: PrecedentsLoaded) -> None:
        self.precedents = message.found
        self._show_precedents()

    @work(thread=True, exclusive=True, group="stepper-load", exit_on_error=False)
    def load(self) -> None:
        try:
            self.post_message(self.Loaded(self.store.get(self.request_id)))
        except FoituiError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)

    def on_question_stepper_loaded(self, message: Loaded) -> None:
        self.request = message.request
        self.index = min(self.index, len(self.request.questions) - 1)
        self.show()

    def store_changed(self, ids: set[str] | None) -> None:
        if ids is None or self.request_id in ids:
            self.load()

    # ------------------------------------------------------------------ moving

    def action_move(self, step: int) -> None:
        self.go(self.index + step)

    def action_ends(self, end: int) -> None:
        self.go(len(self.request.questions) - 1 if end else 0)

    def go(self, index: int) -> None:
        count = len(self.request.questions)
        if not 0 <= index < count:
            self.notify(
                "That was the last question." if index >= count else "This is the first question.",
                timeout=2,
            )
            return
        self.index = index
        self.query_one("#stepper-body", VerticalScroll).scroll_home(animate=False)
        self.show()

    def find(self, text: str) -> int | None:
        """A question by label ("3", "2a"), key, or position (1-based)."""
        wanted = text.strip().lower().removeprefix("q").strip()
        for index, question in enumerate(self.request.questions):
            if wanted in ((question.label or "").lower(), question.key.lower()):
                return index
        number = ascii_number(wanted, digits=6)  # "²" is a digit to isdigit, not to int
        if number is not None and 1 <= number <= len(self.request.questions):
            return number - 1
        return None

    def action_jump(self, digit: str) -> None:
        index = self.find(digit)
        if index is None:
            self.notify(f"No question {digit}.", severity="warning", timeout=2)
        else:
            self.go(index)

    def action_goto(self) -> None:
        from foitui.tui.screens.prompt import PromptScreen

        def check(text: str) -> str | None:
            return None if not text or self.find(text) is not None else f"No question {text!r}"

        def chosen(text: str | None) -> None:
            index = self.find(text) if text else None
            if index is not None:
                self.go(index)

        self.app.push_screen(
            PromptScreen(
                "Go to question", placeholder="number or label, e.g. 3 or 2a", check=check
            ),
            chosen,
        )

    def action_fix(self) -> None:
        from foitui.tui.screens.fix_dialog import fix_question

        fix_question(self, self.request, self.index)

    def action_scroll(self, step: int) -> None:
        body = self.query_one("#stepper-body", VerticalScroll)
        body.scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        body = self.query_one("#stepper-body", VerticalScroll)
        body.scroll_page_down(animate=False) if step > 0 else body.scroll_page_up(animate=False)

    # ------------------------------------------------------------------ triage

    def _mark(self, seen: dict[str, object] | None = None, **changes: object) -> bool:
        """Save now. `seen`: what a dialog showed as it opened; if another user changed it
        meanwhile, theirs is kept, the error says so, and the stepper shows theirs."""
        key = self.question.key
        saved = self.foitui.edit(
            lambda: self.store.mark(self.request_id, key, seen=seen, **changes)
        )
        if not saved and seen:
            self.load()
        return saved

    def _apply_locally(self, **changes: object) -> None:
        # Show the change at once; the reload from the store follows in a worker.
        questions = list(self.request.questions)
        questions[self.index] = self.question.model_copy(update=changes)
        self.request = self.request.model_copy(update={"questions": questions})
        self.show()

    def action_outcome(self, outcome: str) -> None:
        if outcome == Outcome.REFUSED and not self.question.exemptions:
            # A refusal states its ground: the outcome is saved with the exemptions, and
            # escape leaves the outcome as it was.
            self.action_exemptions(refuse=True)
            return
        if not self._mark(outcome=outcome):
            return
        self._apply_locally(outcome=Outcome(outcome))

    def action_exemptions(self, refuse: bool = False) -> None:
        if not self.foitui.can_edit():
            return
        from foitui.tui.screens.exemption_picker import ExemptionPicker

        question = self.question
        key = question.key
        seen = list(question.exemptions)
        before = OUTCOME_WORD[question.outcome]
        refused = refuse or question.outcome == Outcome.REFUSED

        def chosen(codes: list[str] | None) -> None:
            if key != self.question.key:
                return
            if codes is None:
                if refuse:
                    self.notify(
                        f"Not refused: {question_name(question.label, key)} is still {before}.",
                        timeout=3,
                    )
                return
            changes: dict[str, object] = {"exemptions": codes}
            if refuse:
                changes["outcome"] = Outcome.REFUSED
            if self._mark(seen={"exemptions": seen}, **changes):
                self._apply_locally(**changes)

        self.app.push_screen(
            ExemptionPicker(
                self.request.law,
                question.exemptions,
                title=f"Refuse {question_name(question.label, key)}: on what ground?"
                if refuse
                else "Exemptions cited",
                require="A refusal needs its ground" if refused else "",
            ),
            chosen,
        )

    def action_note(self) -> None:
        if not self.foitui.can_edit():
            return
        from foitui.tui.screens.prompt import PromptScreen

        key = self.question.key
        seen = self.question.note

        def chosen(text: str | None) -> None:
            if text is None or key != self.question.key:
                return
            if self._mark(seen={"note": seen}, note=text or None):
                self._apply_locally(note=text or None)

        self.app.push_screen(
            PromptScreen(
                f"Note on {question_name(self.question.label, key)} (empty clears it)",
                value=self.question.note or "",
                placeholder="e.g. asked Highways for figures 3 Mar",
            ),
            chosen,
        )

    def action_hours(self) -> None:
        if not self.foitui.can_edit():
            return
        from foitui.tui.screens.prompt import PromptScreen

        key = self.question.key

        def check(text: str) -> str | None:
            if not text:
                return None
            try:
                hours = float(text)
            except ValueError:
                return "A number of hours, e.g. 7.5 (empty clears the estimate)"
            return None if 0 <= hours < 10000 else "Hours from 0 up"

        def chosen(text: str | None) -> None:
            if text is None or key != self.question.key:
                return
            hours = float(text) if text else None
            if self._mark(seen={"hours": current}, hours=hours):
                self._apply_locally(hours=hours)

        current = self.question.hours
        self.app.push_screen(
            PromptScreen(
                f"Hours to answer {question_name(self.question.label, key)} (empty clears it)",
                value="" if current is None else f"{current:g}",
                placeholder="e.g. 7.5",
                check=check,
            ),
            chosen,
        )
