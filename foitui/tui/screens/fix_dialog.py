""" "Fix the split" (F): the corrections an officer makes to one question of a parse.

`fix_question` opens `FixMenu` (1 split here, 2 merge with next, 3 relabel, 4 move response
text), then the dialog that correction needs, and saves the op through the app (journalled,
undone by u). Ops are made by parsing/fix_ops.py from the request as shown, and checked again
by the store under its lock. Request text is shown as `Text`, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList, TextArea
from textual.widgets.option_list import Option

from foitui.tui.labels import one_line, question_name, safe
from foitui.tui.screens.base import FoituiModal
from foitui.tui.widgets.keys_hint import keys_hint
from foitui.tui.widgets.marked_list import MarkedOptionList

if TYPE_CHECKING:
    from foitui.models import Question, Request
    from foitui.tui.screens.base import FoituiScreen

FixAction = Literal["split", "merge", "relabel", "move"]

#: Sentinels for the move target list: never a question key (keys have no control bytes).
TO_UNASSIGNED = "\x1funassigned"
TO_PARSER = "\x1fparser"
#: The least text a split is anchored by (more when needed to be the first occurrence).
SPLIT_ANCHOR_CHARS = 20
#: How much of a block or question the pick lists show.
SHOWN_CHARS = 60

MENU: tuple[tuple[FixAction, str, str], ...] = (
    ("split", "1", "split this question in two at the cursor"),
    ("merge", "2", "merge it with the next question"),
    ("relabel", "3", "change its label"),
    ("move", "4", "move a block of response text (to this or another question, or back)"),
)


@dataclass(frozen=True, slots=True)
class SplitAt:
    """Where to split: the text the new question starts with (first occurrence)."""

    at: str


class FixMenu(FoituiModal[FixAction | None]):
    """The corrections for one question; a key or enter picks one, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="fix.cancel"),
        # Numbered, as the link dialog's kinds: a digit picks the numbered item on screen.
        Binding("1", "pick('split')", "Split here", id="fix.split"),
        Binding("2", "pick('merge')", "Merge with next", id="fix.merge"),
        Binding("3", "pick('relabel')", "Relabel", id="fix.relabel"),
        Binding("4", "pick('move')", "Move text", id="fix.move"),
        Binding("j", "cursor(1)", "Down", id="fix.down", show=False),
        Binding("k", "cursor(-1)", "Up", id="fix.up", show=False),
    ]

    def __init__(self, question: Question, position: int, count: int) -> None:
        super().__init__(classes="fix-menu")
        self.question = question
        self.position = position
        self.count = count

    def compose(self) -> ComposeResult:
        name = question_name(self.question.label, self.question.key)
        with Vertical(classes="dialog"):
            yield Label(
                f"Fix the split: {name} ({self.position + 1} of {self.count})",
                classes="dialog-title",
                markup=False,
            )
            yield Label(_short(self.question.text), markup=False, id="fix-question")
            options = [
                Option(Text.assemble((f"{key}  ", "bold"), text), id=action)
                for action, key, text in MENU
            ]
            yield MarkedOptionList(*options, id="fix-actions", compact=True)
            yield keys_hint(
                "1-4 or enter choose · escape cancel · u undoes a fix",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(str(event.option.id))

    def action_pick(self, action: str) -> None:
        self.dismiss(action)  # type: ignore[arg-type]

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if step > 0 else options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


class SplitDialog(FoituiModal[SplitAt | None]):
    """The question's text with a cursor: the new question starts where enter is pressed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="split.cancel", priority=True),
        Binding("enter", "split", "Split here", id="split.here", priority=True),
    ]

    def __init__(self, question: Question) -> None:
        super().__init__(classes="split-dialog")
        self.question = question
        self.text = " ".join(question.text.split())

    def compose(self) -> ComposeResult:
        name = question_name(self.question.label, self.question.key)
        with Vertical(classes="dialog"):
            yield Label(f"Split {name}: the new question starts at the cursor", markup=False,
                        classes="dialog-title")  # fmt: skip
            # A TextArea shows its text literally (no markup); read-only: the text is the
            # parser's, only the cursor moves.
            yield TextArea(safe(self.text), read_only=True, soft_wrap=True, id="split-text")
            yield Label("", id="split-error", classes="error", markup=False)
            yield keys_hint(
                "arrows move · enter split here · escape cancel",
            )

    def on_mount(self) -> None:
        self.set_focus(self.query_one(TextArea))

    def action_split(self) -> None:
        area = self.query_one(TextArea)
        offset = area.document.get_index_from_location(area.cursor_location)
        at = split_text(area.text, offset)
        if at is None:
            self.query_one("#split-error", Label).update(
                "Put the cursor where the new question starts: after the first word, "
                "before the last."
            )
            return
        self.dismiss(SplitAt(at))

    def action_cancel(self) -> None:
        self.dismiss(None)


def split_text(text: str, offset: int) -> str | None:
    """The shortest text from `offset` whose first occurrence in `text` is at `offset` (the
    op splits before the first occurrence), plus a few words to anchor it; None at an end."""
    while offset < len(text) and text[offset] == " ":
        offset += 1
    if offset <= 0 or offset >= len(text) or not text[:offset].strip():
        return None
    end = offset + 1
    while end < len(text) and text.find(text[offset:end]) != offset:
        end += 1
    # At least a few words, to the end of a word: what the officer reads in `fix ID list`.
    end = max(end, offset + SPLIT_ANCHOR_CHARS)
    while end < len(text) and text[end] != " ":
        end += 1
    return text[offset:end].rstrip()


def _short(text: str | None, limit: int = SHOWN_CHARS) -> str:
    line = one_line(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def block_choices(request: Request) -> list[tuple[str, Text]]:
    from foitui.parsing.corrections import blocks

    choices = []
    for index, block in enumerate(blocks(request)):
        where = ", ".join(f"Q{key}" for key in block.owners) if block.owners else "unassigned"
        label = Text.assemble((f"{where:<10.10} ", "bold"), _short(block.text))
        choices.append((str(index), label))
    return choices


def target_choices(request: Request) -> list[tuple[str, Text]]:
    choices = [
        (
            q.key,
            Text.assemble(
                (f"{question_name(q.label, q.key):<6.6} ", "bold"), _short(q.text, SHOWN_CHARS - 4)
            ),
        )
        for q in request.questions
    ]
    choices.append((TO_UNASSIGNED, Text("the unassigned text (answers nothing)")))
    choices.append((TO_PARSER, Text("back where the parser put it")))
    return choices


def fix_question(screen: FoituiScreen, request: Request, index: int) -> None:
    """F on a question: the menu, the dialog its choice needs, then the save."""
    if not request.questions or not screen.foitui.can_edit():
        if not request.questions:
            screen.notify("This request has no questions to fix.", severity="warning")
        return
    question = request.questions[index]

    def chosen(action: FixAction | None) -> None:
        if action == "split":
            screen.app.push_screen(SplitDialog(question), split)
        elif action == "merge":
            save(lambda ops: ops.make_merge(request, question.key))
        elif action == "relabel":
            from foitui.tui.screens.prompt import PromptScreen

            screen.app.push_screen(
                PromptScreen(
                    f"New label for {question_name(question.label, question.key)} "
                    "(empty: no label)",
                    value=question.label or "",
                    placeholder="e.g. 4, 2b, Q3",
                ),
                relabel,
            )
        elif action == "move":
            pick_block()

    def split(result: SplitAt | None) -> None:
        if result is not None:
            save(lambda ops: ops.make_split(request, question.key, result.at))

    def relabel(label: str | None) -> None:
        if label is not None:
            save(lambda ops: ops.make_relabel(request, question.key, label))

    def pick_block() -> None:
        from foitui.parsing.corrections import blocks
        from foitui.tui.screens.choice import ChoiceScreen

        found = blocks(request)
        if not found:
            screen.notify("The response has no text to move.", severity="warning")
            return
        mine = next((str(i) for i, b in enumerate(found) if question.key in b.owners), "0")

        def picked(value: str | None) -> None:
            if value is not None:
                pick_target(found[int(value)].text)

        screen.app.push_screen(
            ChoiceScreen("Move which response text?", block_choices(request), current=mine),
            picked,
        )

    def pick_target(block: str) -> None:
        from foitui.tui.screens.choice import ChoiceScreen

        def picked(value: str | None) -> None:
            if value is None:
                return
            to = {TO_UNASSIGNED: "unassigned", TO_PARSER: "parser"}.get(value, value)
            save(lambda ops: ops.make_move(request, block, to))

        screen.app.push_screen(
            ChoiceScreen(
                f"Move {_short(block, 40)!r} to", target_choices(request), current=question.key
            ),
            picked,
        )

    def save(make: Callable[[ModuleType], dict[str, Any]]) -> None:
        from foitui.parsing import fix_ops
        from foitui.parsing.corrections import describe

        rid = request.id or ""
        try:
            op = make(fix_ops)
        except ValueError as error:
            screen.notify(str(error), severity="error", markup=False)
            return
        if screen.foitui.edit(lambda: screen.store.add_correction(rid, op)):
            screen.notify(f"Fixed: {one_line(describe(op))} (u undoes it).", markup=False)

    screen.app.push_screen(FixMenu(question, index, len(request.questions)), chosen)
