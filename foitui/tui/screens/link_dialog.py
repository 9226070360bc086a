"""Link a request to another case: suggestions, search by id/reference/words, kind, note."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from foitui.errors import FoituiError
from foitui.models import LinkKind, Request
from foitui.tui.labels import clip, clip_words, counted, one_line
from foitui.tui.phrases import Hanging, Phrases
from foitui.tui.screens.base import FoituiModal, skip_while_typing
from foitui.tui.widgets.keys_hint import keys_hint
from foitui.tui.widgets.marked_list import MarkedOptionList

SEARCH_DEBOUNCE_S = 0.15
SIMILAR_LIMIT = 5
SEARCH_LIMIT = 30
KINDS = list(LinkKind)


@dataclass(frozen=True, slots=True)
class LinkResult:
    """What the user chose: the caller saves it with `store.link`."""

    target: str
    kind: LinkKind
    note: str | None = None


@dataclass(frozen=True, slots=True)
class LinkCandidate:
    target: str  # a store id, or a reference for a case outside the store
    label: Text
    # Found in this request's text: most likely the earlier iteration ("prior").
    from_reference: bool = False


class LinkDialog(FoituiModal[LinkResult | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="link.cancel"),
        *[
            Binding(
                str(number),
                f"kind('{kind.value}')",
                "Link kind",
                id=f"link.kind{number}",
                show=False,
                key_display="1-5",
                priority=True,
            )
            for number, kind in enumerate(KINDS, start=1)
        ],
        # Arrows move through the candidates from any field (as in a fuzzy finder), at once.
        Binding("down", "move(1)", "Next case", id="link.down", show=False, priority=True),
        Binding("up", "move(-1)", "Previous case", id="link.up", show=False, priority=True),
        Binding("slash", "focus_search", "Search", id="link.search", show=False, priority=True),
        Binding("N", "focus_note", "Note", id="link.note", show=False, priority=True),
    ]

    class Found(Message):
        """Candidates for `query` ("" for the suggestions)."""

        def __init__(self, query: str, candidates: list[LinkCandidate]) -> None:
            super().__init__()
            self.query = query
            self.candidates = candidates

    def __init__(self, request: Request) -> None:
        super().__init__(classes="link-dialog")
        self.request = request
        self.request_id = request.id or ""
        self.candidates: list[LinkCandidate] = []
        self.suggestions: list[LinkCandidate] = self._reference_candidates()
        self.kind: LinkKind | None = None  # None: chosen by the candidate (prior or related)
        self.query_text = ""
        self.shown_query = ""  # the query the listed candidates answer ("" = suggestions)
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = Text(f"Link #{self.request_id} ")
            title.append(one_line(self.request.ref) or clip(one_line(self.request.title), 40))
            title.append(" to another case")
            yield Label(title, classes="dialog-title", markup=False)
            yield Input(
                placeholder="search: id, reference (FOI 11726) or words",
                id="link-search",
                compact=True,
            )
            yield Label("Suggestions", id="link-list-title", markup=False)
            yield MarkedOptionList(id="link-candidates", compact=True)
            yield Label("", id="link-kind", markup=False)
            yield Input(placeholder="note (optional)", id="link-note", compact=True)
            yield keys_hint("", id="link-keys")

    def on_mount(self) -> None:
        self.show_candidates(self.suggestions, "Suggestions (similar requests loading…)")
        self.set_focus(self.query_one("#link-candidates", OptionList))
        self.find_similar()

    # ------------------------------------------------------------------ hints

    def typing(self) -> bool:
        """A text field has the focus: printable keys (digits, "n", "/") type into it."""
        return isinstance(self.focused, Input)

    def keys_hint(self) -> str:
        """The keys that work where the focus is now: never a key that would type instead."""
        if not self.typing():
            return "enter link · 1-5 kind · / search · N note · escape cancel"
        back = "tab" if self.focused is self.query_one("#link-search", Input) else "shift+tab"
        return f"enter link · up/down pick · {back} to the list, then 1-5 kind · esc cancel"

    def on_descendant_focus(self) -> None:
        self.query_one("#link-keys", Static).update(Phrases.of(self.keys_hint()))
        self._show_kind()

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self.on_descendant_focus)

    # ------------------------------------------------------------------ candidates

    def _reference_candidates(self) -> list[LinkCandidate]:
        found: list[LinkCandidate] = []
        seen: set[str] = set()
        for reference in self.request.references:
            target = reference.resolved or one_line(reference.text)
            if not target or target in seen or target == self.request_id:
                continue
            seen.add(target)
            label = Text(f"{one_line(reference.text):<16} ", style="bold")
            if reference.resolved:
                label.append(f"#{reference.resolved} ")
                label.append(self._title(reference.resolved))
                label.append("\n   in this store, named in the text", style="dim")
            else:
                label.append("external case", style="")
                label.append("\n   not in this store, named in the text", style="dim")
            found.append(LinkCandidate(target, label, from_reference=True))
        return found

    def _title(self, request_id: str) -> Text:
        try:
            row = self.store.summary(request_id)
        except FoituiError:
            return Text("")
        return Text(clip(one_line(row.title), 48))

    def _request_candidate(self, request_id: str, reason: str = "") -> LinkCandidate:
        try:
            row = self.store.summary(request_id)
            ref = one_line(row.ref)
            title = one_line(row.title)
        except FoituiError:
            ref, title = "", ""
        label = Text(f"{ref or '#' + request_id:<16} ", style="bold")
        label.append(f"#{request_id} " if ref else "")
        label.append(clip(title, 48))
        if reason:
            label.append(f"\n   {reason}", style="dim")
        return LinkCandidate(request_id, label)

    @work(thread=True, exclusive=True, group="link-similar", exit_on_error=False)
    def find_similar(self) -> None:
        # The similarity index reads every request the first time: never on the event loop.
        from foitui.similar import similar_requests

        try:
            # The request's own text: shared terms shown as it spells them ("predictive",
            # not the stem "predictiv").
            matches = similar_requests(
                self.store, self.request_id, limit=SIMILAR_LIMIT, text=self.request.request_text
            )
        except FoituiError:
            matches = []
        # A shared "term" may be a pasted URL or a 5,000-character word: kept short.
        candidates = [
            self._request_candidate(m.id, clip_words(one_line(m.reason)))
            for m in matches
            if m.score > 0
        ]
        self.post_message(self.Found("", candidates))

    @work(thread=True, exclusive=True, group="link-search", exit_on_error=False)
    def search(self, query: str) -> None:
        candidates: list[LinkCandidate] = []
        exact = self.foitui.find_request(query)
        if exact is not None and exact != self.request_id:
            candidates.append(self._request_candidate(exact, "matches the id or reference"))
        hits = sorted(self.store.search(query) - {self.request_id, exact or ""}, key=int)
        for rid in hits[:SEARCH_LIMIT]:
            candidates.append(self._request_candidate(rid))
        if exact is None and any(ch.isdigit() for ch in query):
            # A reference to a case this store does not hold is still worth recording.
            label = Text(f"{one_line(query):<16} ", style="bold")
            label.append("external case\n   not in this store: kept by its reference", style="dim")
            candidates.append(LinkCandidate(one_line(query), label, from_reference=True))
        self.post_message(self.Found(query, candidates))

    def on_link_dialog_found(self, message: Found) -> None:
        if message.query == "":
            known = {c.target for c in self.suggestions}
            self.suggestions += [c for c in message.candidates if c.target not in known]
            if not self.query_text:
                self.show_candidates(self.suggestions, "Suggestions")
        elif message.query == self.query_text:
            count = len(message.candidates)
            title = f"{count} found for “{message.query}”"
            # The request's own id or reference: it cannot be linked to itself.
            itself = self.foitui.find_request(message.query) == self.request_id
            if itself:
                title = f"{one_line(message.query)} is this request"
                if count:
                    title += f"; {counted(count, 'other case')} found: down picks one"
                else:
                    title += ", which cannot be linked to itself"
            self.show_candidates(message.candidates, title, query=message.query, itself=itself)

    def show_candidates(
        self, candidates: list[LinkCandidate], title: str, *, query: str = "", itself: bool = False
    ) -> None:
        """`itself`: `query` names this request. Nothing is highlighted then, so enter does not
        link a case the user did not pick (down picks the first)."""
        self.candidates = candidates
        self.shown_query = query
        if not candidates and not itself:
            title += ": none; type an id, a reference or words above"
        self.query_one("#link-list-title", Label).update(title)
        options = self.query_one("#link-candidates", OptionList)
        options.clear_options()
        # A wrapped reason stays under its first line's text (Hanging), not at the edge.
        options.add_options([Option(Hanging(c.label, extra=0)) for c in candidates])
        if candidates and not itself:
            options.highlighted = 0
        self._show_kind()

    @property
    def current(self) -> LinkCandidate | None:
        index = self.query_one("#link-candidates", OptionList).highlighted
        if index is None or not 0 <= index < len(self.candidates):
            return None
        return self.candidates[index]

    # ------------------------------------------------------------------ kind

    def effective_kind(self) -> LinkKind:
        if self.kind is not None:
            return self.kind
        current = self.current
        return LinkKind.PRIOR if current and current.from_reference else LinkKind.RELATED

    def _show_kind(self) -> None:
        chosen = self.effective_kind()
        text = Text("kind  ")
        typing = self.typing()
        for number, kind in enumerate(KINDS, start=1):
            # Digits only where they choose: in a text field they type.
            label = kind.value if typing else f"{number} {kind.value}"
            if kind == chosen:
                text.append(f"[{label}]", style="bold reverse")
            else:
                text.append(f" {label} ")
            text.append(" ")
        self.query_one("#link-kind", Label).update(text)

    def action_kind(self, kind: str) -> None:
        skip_while_typing(self)
        self.kind = LinkKind(kind)
        self._show_kind()

    @on(OptionList.OptionHighlighted)
    def highlighted(self) -> None:
        self._show_kind()

    # ------------------------------------------------------------------ search input

    @on(Input.Changed, "#link-search")
    def search_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.query_text = event.value.strip()
        if not self.query_text:
            self.show_candidates(self.suggestions, "Suggestions")
            return
        query = self.query_text
        self._timer = self.set_timer(SEARCH_DEBOUNCE_S, lambda: self.search(query))

    def action_move(self, step: int) -> None:
        options = self.query_one("#link-candidates", OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -1
            options.highlighted = max(0, min(current + step, options.option_count - 1))

    def action_focus_search(self) -> None:
        skip_while_typing(self)
        self.set_focus(self.query_one("#link-search", Input))

    def action_focus_note(self) -> None:
        skip_while_typing(self)
        self.set_focus(self.query_one("#link-note", Input))

    # ------------------------------------------------------------------ choosing

    @on(OptionList.OptionSelected)
    def option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.choose()

    def choose(self) -> None:
        candidate = self.current
        if self.query_text and self.shown_query != self.query_text:
            # Enter before the search finished: an exact id or reference needs no search.
            rid = self.foitui.find_request(self.query_text)
            candidate = LinkCandidate(rid, Text(rid)) if rid and rid != self.request_id else None
        if candidate is None and self.foitui.find_request(self.query_text) == self.request_id:
            # The store would refuse it: say so here, keeping the dialog and the search, so
            # the user can pick another case.
            self.notify(
                f"#{self.request_id} is this request: a request cannot be linked to itself. "
                "Choose another case.",
                severity="error",
                markup=False,
            )
            return
        if candidate is None:
            typed = self.query_text
            if not any(ch.isdigit() for ch in typed):
                self.notify(
                    "Choose a case from the list, or type an id or reference.", severity="warning"
                )
                return
            candidate = LinkCandidate(typed, Text(typed), from_reference=True)
        note = self.query_one("#link-note", Input).value.strip() or None
        result = LinkResult(candidate.target, self.effective_kind(), note)
        named = {one_line(reference.text) for reference in self.request.references}
        if self.foitui.find_request(candidate.target) is not None or candidate.target in named:
            # In the store, or an outside case as the request's own text names it.
            self.dismiss(result)
            return
        # A typed reference this store does not hold: perhaps a typo ("FOI 117261" for FOI
        # 11726). Said, and asked once, before it is saved as an outside case.
        from foitui.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(result)

        self.app.push_screen(
            ConfirmScreen(
                f"{one_line(candidate.target)} is not in this store. Link "
                f"#{self.request_id} to it as an outside case ({result.kind.value})?"
            ),
            answered,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
