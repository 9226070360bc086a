"""The exemption picker's list: a SelectionList whose enter is left to the dialog (save)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import SelectionList


class ExemptionList(SelectionList[str], inherit_bindings=False):
    """Space toggles; enter is not bound here, so it reaches the dialog and saves.

    (SelectionList binds enter to toggle as well, which would make "space, enter" toggle twice.)
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Toggle exemption", id="exemptions.toggle", show=False),
        Binding("down,j", "cursor_down", "Down", id="exemptions.down", show=False),
        Binding("up,k", "cursor_up", "Up", id="exemptions.up", show=False),
        Binding("home", "first", "First", id="exemptions.first", show=False),
        Binding("end", "last", "Last", id="exemptions.last", show=False),
        Binding("pagedown", "page_down", "Page down", id="exemptions.page_down", show=False),
        Binding("pageup", "page_up", "Page up", id="exemptions.page_up", show=False),
    ]

    def action_select(self) -> None:
        # Toggle now, not via an OptionSelected message: a fast "space, enter" must save the
        # toggled state (SelectionList toggles only when that message is handled).
        if self.highlighted is not None:
            self.toggle(self.get_option_at_index(self.highlighted))
