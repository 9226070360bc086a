"""A dialog that shows one request's text to read: a title, the text scrolling, a line of keys."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from foitui.tui.phrases import Hanging
from foitui.tui.screens.base import FoituiModal
from foitui.tui.widgets.keys_hint import keys_hint


def scroll_bindings(part: str) -> list[Binding]:
    """j/k and the arrows scroll the text of the dialog `part` (a RequestTextDialog)."""
    return [
        Binding("down,j", "scroll(1)", "Down", id=f"{part}.down", show=False),
        Binding("up,k", "scroll(-1)", "Up", id=f"{part}.up", show=False),
    ]


class RequestTextDialog(FoituiModal[None]):
    """The clock and the history of a request. `show_text` replaces the text shown.

    `PART` names the dialog: its CSS class, its ids (`{PART}-body`, `{PART}-text`) and its
    bindings' ids.
    """

    PART: ClassVar[str]
    #: The title, with `{request_id}` for the request's id.
    HEADING: ClassVar[str]
    KEYS_HINT: ClassVar[str]
    #: What shows until the first `show_text`.
    INITIAL_TEXT: ClassVar[str] = ""

    def __init__(self, request_id: str) -> None:
        super().__init__(classes=self.PART)
        self.request_id = request_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            heading = self.HEADING.format(request_id=self.request_id)
            yield Label(heading, classes="dialog-title", markup=False)
            with VerticalScroll(id=f"{self.PART}-body"):
                yield Static(Text(self.INITIAL_TEXT), id=f"{self.PART}-text")
            yield keys_hint(self.KEYS_HINT)

    def show_text(self, text: Text) -> None:
        # A wrapped line continues under its own text, not at the dialog's left edge.
        self.query_one(f"#{self.PART}-text", Static).update(Hanging(text))

    def action_scroll(self, step: int) -> None:
        body = self.query_one(f"#{self.PART}-body", VerticalScroll)
        body.scroll_relative(y=step, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
