"""An OptionList whose highlighted entry is marked by a character as well as by colour."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import OptionList

from foitui.tui.glyphs import UNICODE

#: Cells left of every entry for the mark and a space.
GUTTER = 2


class MarkedOptionList(OptionList):
    """On a monochrome terminal (xterm-mono) or under NO_COLOR the highlight's colour is gone
    and bold alone is easy to miss: the highlighted entry also starts with `›` (`>` where the
    terminal cannot draw it, see foitui.tui.glyphs)."""

    def _get_left_gutter_width(self) -> int:
        return GUTTER

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return strip  # past the entries: already a blank line of the whole width
        highlighted = index == self.highlighted and not self.options[index].disabled
        if highlighted:
            style = self.get_visual_style("option-list--option", "option-list--option-highlighted")
        else:
            style = self.get_visual_style("option-list--option")
        mark = getattr(self.app, "glyphs", UNICODE).picked if highlighted and offset == 0 else " "
        return Strip([Segment(mark.ljust(GUTTER), style.rich_style), *strip])
