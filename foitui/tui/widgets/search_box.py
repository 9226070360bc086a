"""The request list's search box: an Input that does not lay out the screen on every key."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchBox(Input):
    """Input's scrollable width grows with its text, and its `virtual_size` is a layout
    reactive: each keystroke would lay out the whole screen again (about a third of a search
    keystroke's time). The box is one line of fixed width, so nothing around it moves; the
    new width still reaches the scrolling, which reads `virtual_size` directly."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
