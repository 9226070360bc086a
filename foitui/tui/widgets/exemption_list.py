"""The exemption picker's list: a SelectionList whose enter is left to the dialog (save)."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from foitui.tui.glyphs import UNICODE


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

    def render_line(self, y: int) -> Strip:
        # SelectionList draws an "X" in every box and tells ticked from unticked by colour
        # alone: with NO_COLOR or in a monochrome terminal every exemption looked chosen.
        # An unticked box is drawn empty. (The box is a ToggleButton's, as Checkbox's.)
        # Strips are widened by the mark's gutter, then cut back to the list's width.
        strip = super().render_line(y)
        index = round(self.scroll_offset.y) + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return strip
        glyphs = getattr(self.app, "glyphs", UNICODE)
        segments = list(strip)
        if len(segments) >= 3 and segments[1].text == Checkbox.BUTTON_INNER:
            if selection.value not in self.selected:
                segments[1] = Segment(" " * len(segments[1].text), segments[1].style)
            if glyphs.ascii:  # the box's half blocks (▐ ▌) are not in a console font
                segments[0] = Segment("[", segments[0].style)
                segments[2] = Segment("]", segments[2].style)
        # The highlighted exemption is marked by a character too: its colour is lost on a
        # monochrome terminal. Every row moves right by the mark's two cells.
        mark = glyphs.picked if index == self.highlighted else " "
        style = segments[-1].style if segments else None
        return Strip([Segment(f"{mark} ", style), *segments]).crop(0, strip.cell_length)
