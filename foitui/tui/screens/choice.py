"""Pick one of a few named values: a status, a sort, a linked case."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from foitui.tui.screens.base import FoituiModal
from foitui.tui.widgets.keys_hint import keys_hint
from foitui.tui.widgets.marked_list import MarkedOptionList


class ChoiceScreen(FoituiModal[str | None]):
    """A short list; enter returns the highlighted value, escape returns None.

    Labels may hold request text, so they are `Text` objects, never markup. OptionList is fine
    here: these lists have tens of entries, not the request list's hundred thousand.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel"),
        Binding("j", "cursor_down", "Down", id="choice.down", show=False),
        Binding("k", "cursor_up", "Up", id="choice.up", show=False),
    ]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, str | Text]],
        *,
        current: str | None = None,
        help_text: str = "enter choose · escape cancel",
    ) -> None:
        super().__init__(classes="choice")
        self.choice_title = title
        self.choices = list(choices)
        self.current = current
        self.help_text = help_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.choice_title, classes="dialog-title", markup=False)
            options = [
                Option(label if isinstance(label, Text) else Text(label), id=value)
                for value, label in self.choices
            ]
            yield MarkedOptionList(*options, id="choice-list", compact=True)
            yield keys_hint(self.help_text)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        values = [value for value, _ in self.choices]
        if self.current in values:
            options.highlighted = values.index(self.current)
        elif values:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
