"""Choose the exemptions a refusal relies on: filter by typing, space toggles, enter saves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from foitui import exemptions
from foitui.kinds import Law
from foitui.tui.phrases import Phrases
from foitui.tui.screens.base import FoituiModal
from foitui.tui.widgets.exemption_list import ExemptionList
from foitui.tui.widgets.keys_hint import keys_hint


class ExemptionPicker(FoituiModal[list[str] | None]):
    """Returns the chosen exemption codes (catalogue order, each provision once), or None on
    escape.

    Enter with nothing ticked and a filter typed picks the highlighted match: typing "cost"
    then enter cites s12, as it reads. `require`: why at least one is needed (a refusal states
    its ground: FOIA s.17(1)(b), EIR reg. 14(3)(a), FOISA s.16(1)(c), EISR reg. 13(3)(a)); enter
    with none chosen then asks for one instead of saving.
    """

    TYPE_AHEAD = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "confirm", "Save", id="exemptions.save"),
        Binding("escape", "cancel", "Cancel", id="exemptions.cancel"),
        Binding(
            "down", "focus_list", "To the list", id="exemptions.to_list", show=False, priority=True
        ),
    ]

    def __init__(
        self,
        law: Law,
        selected: Sequence[str],
        *,
        title: str = "Exemptions cited",
        require: str = "",
    ) -> None:
        super().__init__(classes="exemption-picker")
        self.law = Law(law)
        self.title = title
        self.require = require
        self.chosen: list[str] = list(dict.fromkeys(selected))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title, classes="dialog-title", markup=False)
            yield Input(
                placeholder="filter: 40, personal, cost…", id="exemption-filter", compact=True
            )
            yield ExemptionList(id="exemption-list", compact=True)
            yield Label("", id="exemption-chosen", markup=False)
            yield keys_hint("", id="exemption-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def on_mount(self) -> None:
        self.fill("")
        self.set_focus(self.query_one("#exemption-filter", Input))

    def keys_hint(self) -> str:
        """The keys that work where the focus is: in the filter, space types a space."""
        if isinstance(self.focused, Input):
            return "down/tab to the list to tick · enter saves (or the highlighted) · esc cancel"
        return "space tick · enter save · shift+tab to the filter · esc cancel"

    def on_descendant_focus(self) -> None:
        self.query_one("#exemption-keys", Static).update(Phrases.of(self.keys_hint()))

    # ------------------------------------------------------------------ the list

    def matches(self, query: str) -> list[exemptions.Exemption]:
        # The request's own law first; another law's provision when only that matches.
        return exemptions.search(query, self.law) or (
            exemptions.search(query) if query.strip() else []
        )

    def fill(self, query: str) -> None:
        listing = self.query_one("#exemption-list", ExemptionList)
        self._sync_from_list()
        listing.clear_options()
        shown: list[str] = []
        options: list[Selection[str]] = []
        for exemption in self.matches(query):
            shown.append(exemption.code)
            options.append(self._option(exemption.code, exemption.name, exemption.absolute))
        # Codes typed exactly, or already cited but outside the catalogue, stay choosable.
        extra = [exemptions.normalise_code(query)] if query.strip() and not shown else []
        for code in [*self.chosen, *extra]:
            if code and code not in shown:
                shown.append(code)
                options.append(self._option(code, "(as cited)", None))
        listing.add_options(options)
        if options:
            listing.highlighted = 0
        self._show_chosen()

    def _option(self, code: str, name: str, absolute: bool | None) -> Selection[str]:
        prompt = Text(f"{code:<11}")
        prompt.append(name)
        if absolute:
            prompt.append("  absolute", style="bold")
        return Selection(prompt, code, code in self.chosen)

    def _show_chosen(self, problem: str = "") -> None:
        self.query_one("#exemption-chosen", Label).update(
            problem or "chosen: " + (", ".join(self.ordered()) or "none")
        )

    def ordered(self) -> list[str]:
        order = {code: i for i, code in enumerate(exemptions.CATALOGUE)}
        chosen = exemptions.one_code_each(self.chosen)
        return sorted(chosen, key=lambda c: (order.get(c, len(order)), c))

    @on(Input.Changed, "#exemption-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(SelectionList.SelectionToggled)
    def toggled(self) -> None:
        self._sync_from_list()
        self._show_chosen()

    def select(self, codes: Iterable[str]) -> None:
        """Choose `codes` as if toggled by hand (for the command palette and tests)."""
        for code in codes:
            if code not in self.chosen:
                self.chosen.append(code)
        self.fill(self.query_one("#exemption-filter", Input).value)

    # ------------------------------------------------------------------ keys

    def action_focus_list(self) -> None:
        listing = self.query_one("#exemption-list", ExemptionList)
        if self.focused is listing:
            raise SkipAction()  # down moves within the list
        self.set_focus(self.query_one("#exemption-list", ExemptionList))

    def action_confirm(self) -> None:
        self._sync_from_list()
        listing = self.query_one("#exemption-list", ExemptionList)
        typed = self.query_one("#exemption-filter", Input).value.strip()
        if not self.chosen and typed and listing.highlighted is not None:
            self.chosen.append(str(listing.get_option_at_index(listing.highlighted).value))
        if not self.chosen and self.require:
            how = (
                "type to find it and press enter"
                if isinstance(self.focused, Input)
                else "space ticks the highlighted one"
            )
            self._show_chosen(f"{self.require}: {how}, or escape")
            return
        self.dismiss(self.ordered())

    def _sync_from_list(self) -> None:
        # The list's own state is the truth: its SelectionToggled messages may still be queued
        # when a fast enter arrives.
        listing = self.query_one("#exemption-list", ExemptionList)
        ticked = set(listing.selected)
        for index in range(listing.option_count):
            code = str(listing.get_option_at_index(index).value)
            if code in ticked and code not in self.chosen:
                self.chosen.append(code)
            elif code not in ticked and code in self.chosen:
                self.chosen.remove(code)

    def action_cancel(self) -> None:
        self.dismiss(None)
