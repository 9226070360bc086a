"""Tests that notice small deliberate breaks a mutation audit of the suite found unguarded
(issue 15, "Tests that would not notice"): each fails when its break is made."""

from __future__ import annotations

import pytest
from rich.text import Text

from foitui.export import csv_safe
from foitui.parsing import parse_pair
from foitui.safetext import clean, one_line
from foitui.tui.labels import safe, safe_text

# Every C1 control and every bidi control that reorders shown text.
C1 = [chr(c) for c in range(0x80, 0xA0)]
BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@pytest.mark.parametrize("char", C1 + BIDI, ids=lambda c: f"U+{ord(c):04X}")
def test_shown_text_drops_c1_controls_and_bidi_controls(char: str) -> None:
    # Removing U+0080-U+009F or the bidi isolates U+2066-U+2069 from the stripped set broke
    # no test: xterm acts on C1 (U+009B is CSI), and bidi controls reorder what is shown.
    text = f"fines{char}paid"
    assert clean(text) == "finespaid"
    assert one_line(text) == "finespaid"
    assert safe(text) == "finespaid"


def test_safe_text_is_literal_and_clean() -> None:
    # tui/labels.safe_text had no caller and no test.
    shown = safe_text("[bold]not markup[/bold]\x1b[2J\x9b31m\u2066x\u2069", style="red")
    assert isinstance(shown, Text)
    assert shown.plain == "[bold]not markup[/bold]31mx"
    assert shown.style == "red"
    assert safe_text(None).plain == ""


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "|", "%"])
def test_the_csv_formula_guard_covers_every_formula_start(start: str) -> None:
    # The guard could drop "-" (a spreadsheet runs "-2+3" and "-cmd|..." as formulas).
    cell = csv_safe(f"{start}2+3")
    assert cell.startswith("'"), cell
    assert csv_safe("2-3") == "2-3"  # only a cell that starts with one is guarded


def test_an_answer_label_already_used_is_not_given_to_the_next_question() -> None:
    # A second "1)" answer fell back, with the break, to the next question by order: Q2 got
    # "Also this." Q2 has no answer; the repeated label stays with question 1.
    result = parse_pair(
        "<p>1) A?</p><p>2) B?</p><p>3) C?</p>",
        "<p>1) Yes.</p><p>1) Also this.</p><p>3) No.</p>",
    )
    answers = {q.key: q.answer for q in result.questions}
    assert answers["2"] is None
    assert answers["3"] == "No."
    assert answers["1"] is not None and "Also this." in answers["1"]
