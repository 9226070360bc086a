"""The non-ASCII characters the app draws, and ASCII stand-ins where the terminal lacks them.

The Linux console (TERM=linux) draws from a font of 256 or 512 glyphs: no ⏎, ⭘, ╭, ▶, ⚑ or 🔎,
and only some of the block elements. An ASCII or Latin-1 locale cannot even send them. Where
either is the case, or FOITUI_ASCII is set, the app draws the ASCII column of this table, and
the borders, scrollbars and key names that Textual draws follow (see `FoituiApp`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Glyphs:
    ascii: bool
    #: The list's cursor row, the selected question, this request in its chain.
    cursor: str
    #: The highlighted entry of a picker (its colour alone is lost on a monochrome terminal).
    picked: str
    #: "Check the split": the parse of this request needs an officer's eye.
    check: str
    #: A link from this request, and one to it; an answer under its question.
    link_out: str
    link_in: str
    answer: str
    #: The header's icon.
    icon: str
    #: A request's sign-off stage in the list's WHO column (foitui/team.py), one mark per
    #: stage in STAGES order: drafting, awaiting clearance, cleared, sent back, sent.
    stages: str

    def stage_mark(self, stage: str) -> str:
        """The mark of a sign-off stage; a space for none."""
        return self.stages[STAGES.index(stage)] if stage in STAGES else " "


STAGES = ("drafting", "awaiting", "cleared", "returned", "sent")


UNICODE = Glyphs(
    ascii=False,
    cursor="▶",
    picked="›",
    check="⚑",
    link_out="→",
    link_in="←",
    answer="→",
    icon="⭘",
    stages="✎?✓←→",
)
ASCII = Glyphs(
    ascii=True,
    cursor=">",
    picked=">",
    check="!",
    link_out="->",
    link_in="<-",
    answer="->",
    icon="*",
    stages="~?+<>",  # punctuation: a letter would read as part of the name
)

#: What the app would draw from UNICODE or Textual's defaults; all must be sendable.
_SAMPLE = "▶›⚑→⏎⭘╭▁🔎✎✓←"
#: Terminals whose font lacks those glyphs even in a UTF-8 locale.
_PLAIN_TERMS = ("linux", "vt100", "vt102", "vt220", "dumb", "ansi")


def needs_ascii(environ: Mapping[str, str], encoding: str | None) -> bool:
    """Whether to draw ASCII: FOITUI_ASCII set, a console font (TERM), or an encoding that
    cannot carry the glyphs (an ASCII or Latin-1 locale)."""
    if environ.get("FOITUI_ASCII"):
        return True
    if environ.get("TERM", "") in _PLAIN_TERMS:
        return True
    try:
        _SAMPLE.encode(encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return True
    return False


def choose(environ: Mapping[str, str] | None = None, encoding: str | None = None) -> Glyphs:
    """The table for this terminal (by default: the process's environment and stdout)."""
    if environ is None:
        environ = os.environ
    if encoding is None:
        encoding = getattr(sys.__stdout__, "encoding", None)
    return ASCII if needs_ascii(environ, encoding) else UNICODE


#: Textual's names for keys it draws as symbols, in words for a terminal that cannot draw them.
ASCII_KEY_NAMES = {
    "enter": "enter",
    "escape": "esc",
    "up": "up",
    "down": "down",
    "left": "left",
    "right": "right",
    "delete": "del",
    "backspace": "bksp",
}
