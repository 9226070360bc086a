"""A one-line question: "Go to id or reference", "Import which file?"."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label

from foitui.tui.screens.base import FoituiModal
from foitui.tui.widgets.keys_hint import keys_hint


class PromptScreen(FoituiModal[str | None]):
    """Returns the text typed (stripped), or None on escape.

    `check` may return an error message for text that cannot be accepted; the prompt then stays
    open and shows it, so the user can correct the text instead of starting again.
    """

    TYPE_AHEAD = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
        # Reached only when enter comes before the input has focus (typed ahead); otherwise
        # the input takes enter itself and posts Submitted.
        Binding("enter", "submit", "OK", id="prompt.ok", show=False),
    ]

    def __init__(
        self,
        title: str,
        *,
        placeholder: str = "",
        value: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(classes="prompt")
        self.prompt_title = title
        self.placeholder = placeholder
        self.initial = value
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.prompt_title, classes="dialog-title", markup=False)
            yield Input(self.initial, placeholder=self.placeholder, id="prompt-input", compact=True)
            yield Label("", id="prompt-error", classes="error", markup=False)
            yield keys_hint("enter ok · escape cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit(event.value)

    def action_submit(self) -> None:
        # After the typed-ahead text has reached the input (see FoituiModal._flush_early_text).
        self.call_after_refresh(lambda: self.submit(self.query_one(Input).value))

    def submit(self, value: str) -> None:
        text = value.strip()
        problem = self.check(text) if self.check else None
        if problem:
            self.query_one("#prompt-error", Label).update(problem)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
