"""One line of plain text that is cheap to change: the list's detail line.

A `Static` turns its content into a visual and lays it out on every update; the detail line
changes on every cursor move, so it draws its one line of segments itself instead.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from foitui.tui.labels import fit, fit_parts


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
        self._parts: list[str] = [text]
        self._drop: list[int] = []
        self._short: dict[int, str] = {}

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self.set_parts([text], [])

    def set_parts(
        self, parts: list[str], drop: list[int], short: dict[int, str] | None = None
    ) -> None:
        """Show `parts` joined by " · ", leaving out whole parts (by the indexes in `drop`,
        first to go first), then using the `short` forms of parts, where the width is short,
        rather than cutting one mid-phrase."""
        short = short or {}
        if (parts, drop, short) != (self._parts, self._drop, self._short):
            self._parts, self._drop, self._short = parts, drop, short
            self._text = " · ".join(parts)
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if y != 0 or width <= 0:
            return Strip.blank(width, self.rich_style)
        text = (
            fit_parts(self._parts, width, self._drop, short=self._short)
            if self._drop
            else self._text
        )
        return Strip([Segment(fit(text, width), self.rich_style)], width)
