"""Who changed what on a request, and when: the store's journal, newest first."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message

from foitui.errors import FoituiError
from foitui.store import Change
from foitui.tui.labels import one_line
from foitui.tui.screens.text_dialog import RequestTextDialog, scroll_bindings


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dict) and "kind" in value:
        note = f" ({value['note']})" if value.get("note") else ""
        return f"{value['kind']}{note}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def describe_change(change: Change) -> str:
    """One change as a line: time, user, what, old -> new."""
    when = change.at.replace("T", " ")[:16]
    path = change.path
    if len(path) == 3 and path[0] == "questions":
        what = f"Q{path[1]} {path[2]}"
    elif len(path) == 2 and path[0] == "fields":
        what = path[1]
    elif len(path) == 2 and path[0] == "links":
        what = f"link {path[1]}"
    else:
        what = change.action
    if path == ("corrections",):
        return one_line(f"{when}  {change.user:<10} {_correction(change)}")
    if change.action == "undo":
        what = f"undo: {what}"
    line = f"{when}  {change.user:<10} {what}"
    if path:
        line += f": {_value(change.old)} -> {_value(change.new)}"
    elif change.note:
        line += f": {change.note}"
    return one_line(line)


def _correction(change: Change) -> str:
    """A fix of the parse in words: the op added, or the one an undo took back (the journal
    keeps the whole list before and after, which is no line to read)."""
    from foitui.parsing.corrections import describe

    old = change.old if isinstance(change.old, list) else []
    new = change.new if isinstance(change.new, list) else []
    if len(new) > len(old) and isinstance(new[-1], dict):
        return f"fix the split: {describe(new[-1])}"
    if len(old) > len(new) and isinstance(old[-1], dict):
        return f"undo fix the split: {describe(old[-1])}"
    return "fix the split: corrections changed"


class HistoryScreen(RequestTextDialog):
    PART = "history"
    HEADING = "History of request #{request_id}"
    KEYS_HINT = "j/k scroll · escape close"
    INITIAL_TEXT = "Loading…"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,h", "close", "Close", id="history.close"),
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
        lines = [describe_change(c) for c in reversed(changes)] or ["No changes yet."]
        self.post_message(self.Loaded(lines))

    def on_history_screen_loaded(self, message: Loaded) -> None:
        self.show_text(Text("\n".join(message.lines)))
