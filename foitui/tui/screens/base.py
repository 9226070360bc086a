"""What every foitui screen shares: a typed handle on the app, and store-change hooks."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

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


class FoituiScreen(Screen[None]):
    """A full screen of the app."""

    @property
    def foitui(self) -> FoituiApp:
        return cast("FoituiApp", self.app)

    @property
    def store(self) -> Store:
        return self.foitui.store

    def on_mount(self) -> None:
        _apply_cursor_blink(self)

    def store_changed(self, ids: set[str] | None) -> None:
        """Requests `ids` changed (None: anything may have); redraw what shows them."""


class FoituiModal(ModalScreen[ResultType]):
    """A dialog over the current screen that returns a typed result."""

    @property
    def foitui(self) -> FoituiApp:
        return cast("FoituiApp", self.app)

    @property
    def store(self) -> Store:
        return self.foitui.store

    def on_mount(self) -> None:
        _apply_cursor_blink(self)

    def store_changed(self, ids: set[str] | None) -> None:
        """Dialogs show a snapshot of the store; they do not redraw."""
