"""The questions of a request: marked blocks, their sub-questions, and what continues them.

A request with markers has one question per marked block (or visible <ol> number); the blocks
before the first marker are preamble. An unmarked block after a question continues it when it
clearly belongs to it: the same list item or paragraph, a list nested in its item, the text of a
bare "Question 3" heading, or any block before the next marker that is not a heading, an intro
("Please also provide:") or a sign-off. After the last question only those structural ties count,
so "Kind regards" or "I would like the information by email" never join a question.

A request without markers is one question per bullet when the bullets read as requests, else
one question: the request text without greeting and sign-off. So every non-empty request has at
least one question to step through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from foitui.parsing.asks import is_title_line, ordinal_labels, split_asks
from foitui.parsing.html import Block
from foitui.parsing.outline import Item, build_outline, split_nested
from foitui.parsing.text import (
    collapse,
    is_heading,
    is_request_note,
    is_salutation,
    is_sign_off,
)

# A paragraph just before a marked question that points forward introduces what follows.
_POINTS_FORWARD = re.compile(
    r"\b(?:the following|following questions|as follows|below|these questions|next (?:few )?"
    r"questions|remaining questions|questions? \d+\s*(?:to|-|–|and)\s*\d+)\b",
    re.IGNORECASE,
)
_LONE_LETTER = re.compile(r"^\(?[A-Za-z]\)?\.?$")
# A bullet "reads as a request" when it asks or is a sentence, not a one-word list entry.
_MIN_BULLET_WORDS = 5


@dataclass(slots=True)
class Asked:
    """A question as the request puts it; `answers.match_answers` makes the model of it."""

    key: str
    label: str | None
    parent: str | None  # the parent's key
    text: str


@dataclass(slots=True)
class _Draft:
    label: str | None
    parent: int | None  # index of the parent draft
    parts: list[str]
    block: int  # index of the block that opened it
    li: int | None  # the <li> it sits in
    para: int  # the paragraph of the last block taken


def extract_questions(blocks: list[Block]) -> list[Asked]:
    """The questions of a request, in order, with unique keys."""
    blocks, written = split_nested(blocks)
    items = build_outline(blocks, written)
    drafts = _from_items(blocks, items) if items else _from_unmarked(blocks)
    return _finish(drafts)


def _from_items(blocks: list[Block], items: list[Item]) -> list[_Draft]:
    drafts: list[_Draft] = []
    at_block = {item.block: pos for pos, item in enumerate(items)}
    last_marked = items[-1].block
    current: _Draft | None = None
    closed = False
    for index, block in enumerate(blocks):
        pos = at_block.get(index)
        if pos is not None:
            item = items[pos]
            parts = [item.body] if item.body else []
            current = _Draft(item.label, item.parent, parts, index, block.item, block.para)
            drafts.append(current)
            closed = False
            continue
        if current is None or closed:
            continue  # preamble, or the signature after a sign-off
        if is_sign_off(block.text):
            closed = True
            continue
        if _continues(block, current, index < last_marked, at_block, index):
            current.parts.append(block.text)
            current.para = block.para
    return drafts


def _continues(
    block: Block,
    current: _Draft,
    before_next_marker: bool,
    at_block: dict[int, int],
    index: int,
) -> bool:
    text = block.text
    if _LONE_LETTER.match(text):
        return False  # "b)", "C": a group's heading letter standing alone, not words
    if current.li is not None and (block.item == current.li or block.parent_item == current.li):
        return True  # the same <li>, or a list nested in it
    if is_salutation(text) or is_request_note(text):
        return False
    if not current.parts:
        return True  # "Question 3" on its own line: the text follows
    if is_heading(text):
        return False
    if block.para == current.para and block.item == current.li:
        return True  # the next line of the same paragraph
    if current.li is not None and block.item is None:
        return False  # the list has ended: what follows is the request's own text
    if (index + 1) in at_block and (text.endswith(":") or _POINTS_FORWARD.search(text)):
        return False  # "Please also provide:" introduces the next questions
    if before_next_marker:
        return True
    return current.parts[-1].endswith(":")


def _from_unmarked(blocks: list[Block]) -> list[_Draft]:
    bullets = [i for i, b in enumerate(blocks) if b.bullet and b.item_start]
    if bullets and any(_reads_as_request(blocks[i].text) for i in bullets):
        return _from_bullets(blocks, bullets)
    body: list[Block] = []
    for block in blocks:
        if is_sign_off(block.text):
            break
        if not is_salutation(block.text):
            body.append(block)
    asks = split_asks(body)
    if asks and len(asks) > 1:  # one ask: the whole request is its question, context and all
        return [_Draft(label, None, parts, 0, None, 0) for label, parts in ordinal_labels(asks)]
    # One ask: the request's prose is its question, context and all, but not the title or the
    # labels of a disclosure-log form above it ("Title or Description", "Request 101003556321").
    start = next((i for i, b in enumerate(body) if not is_title_line(b.text)), len(body))
    parts = [b.text for b in body[start:]] or [b.text for b in blocks]
    if not parts:
        return []
    return [_Draft(None, None, parts, 0, None, blocks[0].para)]


def _reads_as_request(text: str) -> bool:
    return text.endswith("?") or len(text.split()) >= _MIN_BULLET_WORDS


def _from_bullets(blocks: list[Block], bullets: list[int]) -> list[_Draft]:
    drafts: list[_Draft] = []
    starts = set(bullets)
    current: _Draft | None = None
    for index, block in enumerate(blocks):
        if index in starts:
            current = _Draft(None, None, [block.text], index, block.item, block.para)
            drafts.append(current)
        elif current is not None and (
            (block.item is not None and block.item == current.li)
            or (current.li is not None and block.parent_item == current.li)
            or (block.item is None and block.para == current.para and not is_sign_off(block.text))
        ):
            current.parts.append(block.text)
        else:
            current = None
    return drafts


def _finish(drafts: list[_Draft]) -> list[Asked]:
    keys = assign_keys([d.label for d in drafts])
    return [
        Asked(
            key,
            draft.label,
            keys[draft.parent] if draft.parent is not None else None,
            _joined(draft.parts),
        )
        for draft, key in zip(drafts, keys, strict=True)
    ]


def _joined(parts: list[str]) -> str:
    """The parts (block texts, already collapsed) as one text."""
    text = parts[0] if len(parts) == 1 else " ".join(parts)
    return collapse(text) if "  " in text or not text.isascii() else text


def assign_keys(labels: list[str | None]) -> list[str]:
    """Unique keys: the label when unique; "1-2" for the second "1"; the position for no label."""
    taken = {label for label in labels if label is not None}
    used: set[str] = set()
    seen: dict[str, int] = {}
    keys: list[str] = []
    for position, label in enumerate(labels, start=1):
        if label is None:
            key = str(position)
            n = 1
            while key in used or key in taken:
                n += 1
                key = f"{position}-{n}"
        else:
            count = seen.get(label, 0) + 1
            seen[label] = count
            key = label if count == 1 else f"{label}-{count}"
            while key in used:
                count += 1
                key = f"{label}-{count}"
        used.add(key)
        keys.append(key)
    return keys
