"""Choose the exemptions a refusal relies on: filter by typing, space toggles, enter saves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, SelectionList
from textual.widgets.selection_list import Selection

from foitui import exemptions
from foitui.models import Law
from foitui.tui.screens.base import FoituiModal


def _law_of(exemption: exemptions.Exemption) -> str:
    law = exemption.law
    return str(getattr(law, "value", law))


class ExemptionPicker(FoituiModal[list[str] | None]):
    """Returns the chosen exemption codes (catalogue order), or None on escape."""

    BINDINGS = [
        Binding("enter", "confirm", "Save", id="exemptions.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="exemptions.cancel"),
        Binding("down", "focus_list", "To the list", id="exemptions.to_list", show=False),
    ]

    def __init__(self, law: Law, selected: Sequence[str]) -> None:
        super().__init__(classes="exemption-picker")
        self.law = Law(law)
        self.chosen: list[str] = list(dict.fromkeys(selected))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Exemptions cited", classes="dialog-title", markup=False)
            yield Input(placeholder="filter: 40, personal, cost…", id="exemption-filter", compact=True)
            yield SelectionList[str](id="exemption-list", compact=True)
            yield Label("", id="exemption-chosen", markup=False)
            yield Label(
                "↓/tab list · space toggle · enter save · escape cancel",
                classes="dialog-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        self.fill("")
        self.query_one("#exemption-filter", Input).focus()

    # ------------------------------------------------------------------ the list

    def matches(self, query: str) -> list[exemptions.Exemption]:
        query = query.strip()
        if not query:
            return [e for e in exemptions.CATALOGUE if _law_of(e) == self.law.value]
        return list(exemptions.search(query))

    def fill(self, query: str) -> None:
        listing = self.query_one("#exemption-list", SelectionList)
        listing.clear_options()
        shown: list[str] = []
        options: list[Selection[str]] = []
        for exemption in self.matches(query):
            shown.append(exemption.code)
            options.append(self._option(exemption.code, exemption.name, exemption.absolute))
        # Codes typed exactly, or already cited but outside the catalogue, stay choosable.
        extra = [exemptions.normalise_code(query)] if query.strip() else []
        for code in [*self.chosen, *extra]:
            if code and code not in shown:
                shown.append(code)
                options.append(self._option(code, "(as cited)", None))
        listing.add_options(options)
        self._show_chosen()

    def _option(self, code: str, name: str, absolute: bool | None) -> Selection[str]:
        prompt = Text(f"{code:<11}")
        prompt.append(name)
        if absolute:
            prompt.append("  absolute", style="bold")
        return Selection(prompt, code, code in self.chosen)

    def _show_chosen(self) -> None:
        self.query_one("#exemption-chosen", Label).update(
            "chosen: " + (", ".join(self.ordered()) or "none")
        )

    def ordered(self) -> list[str]:
        order = {e.code: i for i, e in enumerate(exemptions.CATALOGUE)}
        return sorted(self.chosen, key=lambda c: (order.get(c, len(order)), c))

    @on(Input.Changed, "#exemption-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(SelectionList.SelectionToggled)
    def toggled(self, event: SelectionList.SelectionToggled) -> None:
        code = str(event.selection.value)
        if code in self.chosen:
            self.chosen.remove(code)
        else:
            self.chosen.append(code)
        self._show_chosen()

    def select(self, codes: Iterable[str]) -> None:
        """Choose `codes` as if toggled by hand (for the command palette and tests)."""
        for code in codes:
            if code not in self.chosen:
                self.chosen.append(code)
        self.fill(self.query_one("#exemption-filter", Input).value)

    # ------------------------------------------------------------------ keys

    def action_focus_list(self) -> None:
        self.query_one("#exemption-list", SelectionList).focus()

    def action_confirm(self) -> None:
        self.dismiss(self.ordered())

    def action_cancel(self) -> None:
        self.dismiss(None)
