"""What every foitui screen shares: a typed handle on the app, and store-change hooks."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from foitui.store import Store
    from foitui.tui.app import FoituiApp

ResultType = TypeVar("ResultType")


def _apply_cursor_blink(screen: Screen) -> None:
    # Snapshot tests turn blinking off so every picture is the same.
    blink = getattr(screen.app, "cursor_blink", True)
    for widget in screen.query(Input):
        widget.cursor_blink = blink
    for widget in screen.query(TextArea):
        widget.cursor_blink = blink


def _type_ahead(screen: Screen, event: events.Key, target: Input | None) -> None:
    """Give an input the characters typed before focus reached it.

    Textual sends each key to the widget focused when the key is read, so in "/pothole" typed
    fast, "p" goes to the list before "/" has focused the search box (and would switch the
    view). A printable key that bubbles up to the screen was not taken by any input: when an
    input is focused (or about to be), it belongs there.
    """
    if not event.is_printable or not event.character:
        return
    focused = screen.focused
    receiver = focused if isinstance(focused, Input) else (target if focused is None else None)
    if receiver is None:
        return
    event.stop()
    event.prevent_default()
    receiver.insert_text_at_cursor(event.character)
    if focused is None:
        screen.set_focus(receiver)


def skip_while_typing(screen: Screen) -> None:
    """Let a printable key reach the focused input instead of running its binding.

    For priority bindings: they run when the key is read (so the focus change they make is
    in place before the next key), which would otherwise steal "/" or "1" from a search box.
    """
    if isinstance(screen.focused, Input):
        raise SkipAction()


#: Textual's tab keys, made priority: the focus moves as the key is read, so the text typed
#: after a tab lands in the next field even when typed (or pasted by a script) in one go.
FOCUS_BINDINGS: list[BindingType] = [
    Binding("tab", "app.focus_next", "Next field", id="focus.next", show=False, priority=True),
    Binding(
        "shift+tab",
        "app.focus_previous",
        "Previous field",
        id="focus.previous",
        show=False,
        priority=True,
    ),
]


class _AppHandles:
    """For screens and dialogs: the app they run in, typed, and its store."""

    @property
    def foitui(self) -> FoituiApp:
        return cast("FoituiApp", cast("Screen[object]", self).app)

    @property
    def store(self) -> Store:
        return self.foitui.store


class FoituiScreen(_AppHandles, Screen[None]):
    """A full screen of the app."""

    BINDINGS: ClassVar[list[BindingType]] = FOCUS_BINDINGS

    def on_mount(self) -> None:
        _apply_cursor_blink(self)

    def on_key(self, event: events.Key) -> None:
        _type_ahead(self, event, None)

    def store_changed(self, ids: set[str] | None) -> None:
        """Requests `ids` changed (None: anything may have); redraw what shows them."""


class FoituiModal(_AppHandles, ModalScreen[ResultType]):
    """A dialog over the current screen that returns a typed result."""

    BINDINGS: ClassVar[list[BindingType]] = FOCUS_BINDINGS

    #: Whether text typed before the dialog has focused anything goes to its first input
    #: (dialogs whose first job is typing: prompts, the exemption filter).
    TYPE_AHEAD = False

    def __init__(self, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        # Text typed while the dialog was still being built (":FOI 11726" typed in one go).
        self._early_text = ""

    def on_mount(self) -> None:
        _apply_cursor_blink(self)
        self.call_after_refresh(self._flush_early_text)

    def on_key(self, event: events.Key) -> None:
        if self.TYPE_AHEAD and self.focused is None and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self._early_text += event.character
            if self.is_mounted:
                self.call_after_refresh(self._flush_early_text)
            return
        _type_ahead(self, event, None)

    def _flush_early_text(self) -> None:
        text, self._early_text = self._early_text, ""
        inputs = self.query(Input)
        if text and inputs:
            target = inputs.first()
            target.insert_text_at_cursor(text)
            self.set_focus(target)

    def store_changed(self, ids: set[str] | None) -> None:
        """Dialogs show a snapshot of the store; they do not redraw."""
