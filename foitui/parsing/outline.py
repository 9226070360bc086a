"""Turn marked blocks into an outline: full labels ("2a", "1ii") and parents.

The outline is a stack of levels, one per list style in use (``1)`` then ``a)`` then ``i)``).
A marker of a style already on the stack is a sibling at that level (everything deeper is
closed); a new style opens a level under the current one. A marker that names its parent
("2a", "2(b)", "Q2.1") or an HTML list nested inside an item sets the parent explicitly.
Requests and responses go through the same code, so their labels agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from foitui.parsing.html import Block
from foitui.parsing.markers import Marker, parse_marker, roman_value


@dataclass(slots=True, frozen=True)
class Level:
    """One level of the outline, linked to the level above: a persistent stack, so that an
    item can keep its place (for its HTML children) without copying, however deep it is."""

    kind: str
    item: int | None  # index of the outline item at this level; None for a level only named
    token: str
    label: str  # the tokens from the top down to this level, joined
    up: Level | None


@dataclass(slots=True)
class Item:
    """A marked block: its full label(s), parent and the text after its marker."""

    block: int  # index into the blocks
    label: str
    labels: tuple[str, ...]  # label first, then the others a joint answer covers
    parent: int | None  # index of the parent item
    body: str
    level: Level  # this item's place in the outline
    explicit: bool  # the block wrote its marker (not an <ol> number)


_PREDECESSOR = {"i": "h", "v": "u", "x": "w"}
# How far up the outline to look for the list an "i" might continue.
_KIND_LOOKUP_DEPTH = 8


def join_label(tokens: list[str] | tuple[str, ...]) -> str:
    """("2", "a") -> "2a"; ("1", "ii") -> "1ii"; ("2", "1") -> "2.1" (a dot keeps 2.1 from 21)."""
    out = ""
    for token in tokens:
        out = _join(out, token)
    return out


def _join(prefix: str, token: str) -> str:
    if prefix and prefix[-1].isdigit() and token[:1].isdigit():
        return f"{prefix}.{token}"
    return prefix + token


def _push(up: Level | None, kind: str, item: int | None, token: str) -> Level:
    return Level(kind, item, token, _join(up.label if up else "", token), up)


def block_marker(block: Block, answers: bool) -> tuple[Marker | None, bool]:
    """The marker of a block, from its text or else its visible <ol> number; and whether written."""
    marker = parse_marker(block.text, answers)
    if marker is not None:
        return marker, True
    if block.item_start and block.number is not None:
        return Marker((block.number,), block.number_kind, block.text), False
    return None, False


def _resolve_kind(kind: str, token: str, top: Level | None) -> str:
    """Whether an "i", "v" or "x" is a letter (after "h", "u", "w") or a roman numeral."""
    upper = kind.isupper()
    letter, roman = ("LETTER", "ROMAN") if upper else ("letter", "roman")
    value = roman_value(token)
    level = top
    for _ in range(_KIND_LOOKUP_DEPTH):
        if level is None:
            break
        if level.kind == letter and level.token == _PREDECESSOR[token]:
            return letter
        if level.kind == roman and value is not None:
            prev = roman_value(level.token)
            if prev is not None and prev + 1 == value:
                return roman
        level = level.up
    return roman if token == "i" else letter


def _nearest_item(level: Level | None) -> int | None:
    while level is not None:
        if level.item is not None:
            return level.item
        level = level.up
    return None


def _sibling_base(top: Level | None, kind: str) -> Level | None:
    """The level a new marker of `kind` goes under: above the nearest level of the same kind
    (a sibling), or the top (a new, deeper list)."""
    level = top
    while level is not None:
        if level.kind == kind:
            return level.up
        level = level.up
    return top


def build_outline(
    blocks: list[Block], answers: bool = False, known: frozenset[str] = frozenset()
) -> list[Item]:
    """The outline items of `blocks`, in order. `known`: the request's labels, which decide
    whether a weak marker ("1 - 1,486") is one."""
    items: list[Item] = []
    top: Level | None = None
    last_by_label: dict[str, int] = {}
    item_of_li: dict[int, int] = {}
    for index, block in enumerate(blocks):
        marker, explicit = block_marker(block, answers)
        if marker is None or (marker.weak and join_label(marker.path) not in known):
            continue
        pos = len(items)
        path = marker.path
        # "Q2" and "2." are one list: a response may answer "1. Yes" then "Question 2: ...".
        kind = "num" if marker.kind == "qnum" else marker.kind
        token = path[-1]
        if kind in ("ambig", "AMBIG"):
            kind = _resolve_kind(kind, token, top)
        html_parent = item_of_li.get(block.parent_item) if block.parent_item is not None else None
        if len(path) > 1:
            # "2a": under the latest item labelled "2", else under a level only named.
            named = last_by_label.get(path[0])
            base = items[named].level if named is not None else _push(None, "num", None, path[0])
        elif html_parent is not None:
            # An item of a list nested in another item: its child, whatever the style.
            base = items[html_parent].level
        else:
            base = _sibling_base(top, kind)
        top = _push(base, kind, pos, token)
        label = top.label
        extra = tuple(join_label(p) for p in marker.extra)
        parent = _nearest_item(base)
        items.append(Item(index, label, (label, *extra), parent, marker.body, top, explicit))
        last_by_label[label] = pos
        if block.item is not None and block.item not in item_of_li:
            item_of_li[block.item] = pos
    return items
