"""One line of plain text that is cheap to change: the list's detail line.

A `Static` turns its content into a visual and lays it out on every update; the detail line
changes on every cursor move, so it draws its one line of segments itself instead.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from foitui.tui.labels import fit


class TextLine(Widget):
    """A line of text, cut to the width with an ellipsis. The text is shown literally (it is
    never read as markup); callers pass it through `one_line` for control characters."""

    DEFAULT_CSS = """
    TextLine {
        height: 1;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = text

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if y != 0 or width <= 0:
            return Strip.blank(width, self.rich_style)
        return Strip([Segment(fit(self._text, width), self.rich_style)], width)
