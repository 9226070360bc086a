"""Who changed what on a request, and when: the store's journal, newest first."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message

from foitui.change_words import case_namer, describe_change
from foitui.errors import FoituiError
from foitui.tui.screens.text_dialog import RequestTextDialog, scroll_bindings


class HistoryScreen(RequestTextDialog):
    PART = "history"
    HEADING = "History of request #{request_id}"
    KEYS_HINT = "j/k scroll · escape close"
    INITIAL_TEXT = "Loading…"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="history.close"),
        # h opened the history; again, it closes it.
        Binding("h", "close", "Close", id="history.toggle", show=False),
        *scroll_bindings("history"),
    ]

    class Loaded(Message):
        def __init__(self, lines: list[str]) -> None:
            super().__init__()
            self.lines = lines

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def load(self) -> None:
        # The journal grows with every edit ever made: read it off the event loop.
        try:
            changes = self.store.history(self.request_id)
        except FoituiError as error:
            self.post_message(self.Loaded([str(error)]))
            return
        name = case_namer(self.store)
        lines = [describe_change(c, name=name) for c in reversed(changes)] or ["No changes yet."]
        self.post_message(self.Loaded(lines))

    def on_history_screen_loaded(self, message: Loaded) -> None:
        self.show_text(Text("\n".join(message.lines)))
