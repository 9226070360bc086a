"""Yes or no before something that removes data (a link)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label

from foitui.tui.screens.base import FoituiModal
from foitui.tui.widgets.keys_hint import keys_hint


class ConfirmScreen(FoituiModal[bool]):
    """Returns True for y or enter, False for n or escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(classes="confirm")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title", markup=False)
            yield keys_hint("y / enter yes · n / escape no")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
