"""Text that wraps where a reader expects: between phrases, and under its own indent.

Rich wraps at any space, so "status new · 0/6 decided" broke after "new ·" and a key hint
"1-9 or : go to question" lost its "go to question" to the next line; a wrapped line of an
indented list started at the left edge. `Phrases` wraps only between the parts of a line
(joined by " · "); `Hanging` keeps a wrapped line's continuation under its first word.
Both are Rich renderables, measured at the width they are drawn at.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

SEP = " · "


class Phrases:
    """Lines of phrases. A line's phrases are joined by " · " while they fit; the next
    phrase starts a new line (indented by `indent`); a phrase wider than the width wraps."""

    def __init__(self, lines: Iterable[Sequence[Text | str]], *, indent: int = 0) -> None:
        self.lines = [[p if isinstance(p, Text) else Text(p) for p in line] for line in lines]
        self.indent = indent

    @classmethod
    def of(cls, text: str, *, indent: int = 0) -> Phrases:
        """From plain text: lines split at newlines, phrases at " · "."""
        return cls([line.split(SEP) for line in text.split("\n")], indent=indent)

    @property
    def plain(self) -> str:
        return "\n".join(SEP.join(p.plain for p in line) for line in self.lines)

    def __str__(self) -> str:
        return self.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 1)
        for line in self.lines:
            for row in self._rows(line, width):
                yield from row.wrap(console, width) if row.cell_len > width else [row]

    def _rows(self, phrases: list[Text], width: int) -> list[Text]:
        rows: list[Text] = []
        row = Text()
        for phrase in phrases:
            if row.plain.strip() and row.cell_len + len(SEP) + phrase.cell_len > width:
                rows.append(row)
                row = Text(" " * self.indent)
            elif row.plain.strip():
                row.append(SEP)
            row.append_text(phrase)
        rows.append(row)
        return rows


class _Shaped:
    """A Text drawn in a shape of its own: its plain text is the Text's (tests and search
    read it)."""

    text: Text

    @property
    def plain(self) -> str:
        return self.text.plain

    def __str__(self) -> str:
        return self.text.plain


class Hanging(_Shaped):
    """Lines of `text`, each wrapped so its continuation lines sit under its own text
    (past its leading spaces), `extra` cells further in."""

    def __init__(self, text: Text, *, extra: int = 2) -> None:
        self.text = text
        self.extra = extra

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 4)
        for line in self.text.split("\n", allow_blank=True):
            if line.cell_len <= width:
                yield line
                continue
            lead = len(line.plain) - len(line.plain.lstrip(" "))
            hang = min(lead + self.extra, width // 2)
            body = line[lead:]
            wrapped = body.wrap(console, width - hang)
            for number, part in enumerate(wrapped):
                yield Text(" " * (lead if number == 0 else hang)) + part


class Clipped(_Shaped):
    """`text` wrapped to at most `lines` lines, the last ending in "…" when some was left."""

    def __init__(self, text: Text, *, lines: int) -> None:
        self.text = text
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 2)
        wrapped = list(self.text.wrap(console, width))
        if len(wrapped) > self.lines:
            wrapped = wrapped[: self.lines]
            last = wrapped[-1]
            last.rstrip()
            if last.cell_len >= width:
                last.truncate(width - 1)
            last.append("…")
        yield from wrapped
