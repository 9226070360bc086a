"""How domain values read on screen: short status names, outcome names, due dates, safe text.

Pure functions, no Textual. Every piece of request or response text shown by the app passes
through `safe()` or `one_line()` (control bytes and escape sequences removed) and is then put in a
`rich.text.Text`, never into markup.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from foitui import deadlines
from foitui.kinds import Law
from foitui.law.regimes import LAW_NAMES
from foitui.safetext import clean
from foitui.safetext import one_line as _one_line
from foitui.tui.glyphs import choose

LAW_LABEL: dict[Law, str] = dict(LAW_NAMES)


def safe(text: str | None) -> str:
    """Untrusted text without control bytes or escape sequences (newlines kept)."""
    return clean(text or "")


def one_line(text: str | None) -> str:
    """Untrusted text on one line, whitespace collapsed."""
    return _one_line(text or "")


def safe_text(text: str | None, style: str = "") -> Text:
    """A `Text` of untrusted text: shown literally, markup never interpreted."""
    return Text(safe(text), style=style)


def fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` terminal cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if text.isascii() and text.isprintable():  # one cell per character: no measuring
        if len(text) > width:
            return text[: width - 1] + "…"
        return text.ljust(width)
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def fit_parts(
    parts: list[str],
    width: int,
    drop: list[int],
    sep: str = " · ",
    short: dict[int, str] | None = None,
) -> str:
    """`parts` joined by `sep` within `width` cells: whole parts are left out, in the order of
    the indexes in `drop`, then parts take their `short` forms, before any is cut (by the
    caller, with "…")."""
    parts = list(parts)
    kept = list(range(len(parts)))

    def joined() -> str:
        return sep.join(parts[i] for i in kept)

    for index in drop:
        if cell_len(joined()) <= width:
            return joined()
        if index in kept and len(kept) > 1:
            kept.remove(index)
    for index, text in (short or {}).items():
        if cell_len(joined()) <= width:
            break
        parts[index] = text
    return joined()


def clip(text: str, longest: int) -> str:
    """`text` cut to `longest` characters, with "…" saying that it was cut."""
    return text if len(text) <= longest else text[: max(longest - 1, 0)].rstrip() + "…"


def clip_words(text: str, longest: int = 40) -> str:
    """`text` with every word longer than `longest` characters cut, with an ellipsis: a pasted
    URL or a 5,000-character "word" in a request stays one short word where it is named."""
    if len(text) <= longest or all(len(word) <= longest for word in text.split(" ")):
        return text
    return " ".join(
        word if len(word) <= longest else word[: longest - 1] + "…" for word in text.split(" ")
    )


def short_date(day: date | None) -> str:
    """``5 Mar`` style: fits the list; the full date is on the detail line."""
    if day is None:
        return ""
    return f"{day.day:>2} {deadlines.fmt(day).split()[2]}"


def long_date(day: date | None) -> str:
    """``1 Nov 2023``: unambiguous in every locale, shorter than with the weekday."""
    return deadlines.fmt(day).split(" ", 1)[1] if day else "-"


def days_left_label(left: int | None) -> str:
    """Working days left as words, so overdue reads without colour ("OVERDUE 4d")."""
    if left is None:
        return ""
    if left < 0:
        return f"OVERDUE {-left}d" if left > -1000 else "OVERDUE 999+"
    if left == 0:
        return "due today"
    return f"{left}d left"


def due_phrase(due: date | None, left: int | None) -> str:
    """The due date in full with its days left, for the request view."""
    if due is None:
        return "no due date"
    text = f"due {long_date(due)}"
    if left is None:
        return text
    if left < 0:
        return f"{text} (OVERDUE by {-left} working day{'s' if left != -1 else ''})"
    if left == 0:
        return f"{text} (due today)"
    return f"{text} ({left} working day{'s' if left != 1 else ''} left)"


def counted(count: int, word: str, plural: str | None = None) -> str:
    """``1 record``, ``2 records``, ``12,000 records``: a count with its noun agreeing."""
    return f"{count:,} {word if count == 1 else plural or word + 's'}"


def question_name(label: str | None, key: str) -> str:
    return f"Q{label or key}"


#: The "check the split" flag where no app is at hand (the app draws `app.glyphs.check`); "!"
#: where the terminal cannot draw the flag (see foitui.tui.glyphs).
CHECK_MARK = choose().check


def check_line(request: object) -> str:
    """ "check the split: 2 questions have no answer ..." for the request view ("" if fine)."""
    from foitui.parsing.check import reasons, sentence

    return sentence(reasons(request))
