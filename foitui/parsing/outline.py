"""Turn marked blocks into an outline: full labels ("2a", "1ii") and parents.

The outline is a stack of levels, one per list style in use (``1)`` then ``a)`` then ``i)``).
A marker of a style already on the stack is a sibling at that level (everything deeper is
closed); a new style opens a level under the current one. A marker that names its parent
("2a", "2(b)", "Q2.1") or an HTML list nested inside an item sets the parent explicitly.
Requests and responses go through the same code, so their labels agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from foitui.parsing.html import Block, to_roman
from foitui.parsing.markers import Marker, parse_marker, roman_value


@dataclass(slots=True)
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
_OTHER_KIND = {"letter": "roman", "roman": "letter", "LETTER": "ROMAN", "ROMAN": "LETTER"}
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


_NESTED_KINDS = frozenset(("letter", "LETTER", "roman", "ROMAN", "ambig", "AMBIG"))


def split_nested(
    blocks: list[Block], answers: bool = False
) -> tuple[list[Block], list[Marker | None]]:
    """Blocks that hold more than one marker, split so that the outline sees each: a marker
    right after a marker ("1. (a) How many...", "2) i. 45"), and an enumeration inside a
    sentence ("Please provide (a) the number of X and (b) the cost of Y"). Also the marker each
    block writes (parsed once here, for `build_outline`)."""
    out: list[Block] = []
    markers: list[Marker | None] = []
    last = len(blocks) - 1
    for index, block in enumerate(blocks):
        text = block.text
        marker = parse_marker(text, answers)
        # Cheap tests first: most blocks hold no "(" and no marker with a body.
        pieces = None
        if "(" in text:
            following = blocks[index + 1].text if index < last else ""
            pieces = _inline_pieces(text, following)
            if len(pieces) == 1:
                pieces = None
        if pieces is None and marker is not None and marker.body:
            pieces = _nested_pieces(text, marker, answers)
            if len(pieces) == 1:
                pieces = None
        if pieces is None and _has_runin(text):
            pieces = _runin_pieces(text, marker, _next_marker(blocks, index, answers))
            if len(pieces) == 1:
                pieces = None
        if pieces is None:
            out.append(block)
            markers.append(marker)
            continue
        out.append(replace(block, text=pieces[0], display=pieces[0]))
        rest = replace(block, item_start=False, number=None, bullet=False)
        out.extend(replace(rest, text=piece, display=piece) for piece in pieces[1:])
        markers.extend(parse_marker(piece, answers) for piece in pieces)
    _bare_numbers(out, markers)
    _letter_headings(markers)
    return out, markers


# "... in the last 12 months. 2. Number of ...", "... as below:1. Number of ...": numbered
# questions run into one paragraph (a list whose line breaks were lost).
_RUNIN = re.compile(r"(?:(?<=[.?!;:])\s*|\s+)(?P<num>\d{1,2})[.)]\s*(?=[A-Z\"“‘(])")


_LOOK_AHEAD = 6  # blocks searched for the marker a run-in list goes on to


def _next_marker(blocks: list[Block], index: int, answers: bool) -> Marker | None:
    """The first marker written in the few blocks after `index` (a table row between may
    separate a question from the next)."""
    for block in blocks[index + 1 : index + 1 + _LOOK_AHEAD]:
        marker = parse_marker(block.text, answers)
        if marker is not None:
            return marker
    return None


_RUNIN_HINT = re.compile(r"[.?!;:]\s*\d{1,2}[.)]\s*[A-Z\"“‘(]")


def _has_runin(text: str) -> bool:
    """A cheap test first: most paragraphs have no "... . 2. Next" inside them."""
    return (". " in text or ":" in text or "? " in text) and _RUNIN_HINT.search(text) is not None


def _runin_pieces(text: str, marker: Marker | None, following: Marker | None = None) -> list[str]:
    """Split at numbered markers inside the text that go on from the block's own marker (or
    from 1, after a colon or a sentence end): two in sequence at least, or one after the
    block's own, or one that the next block's marker goes on from ("... as below:1. How
    many ...", then "2. How many ...")."""
    own = marker.path[0] if marker is not None and len(marker.path) == 1 else None
    expected = int(own) + 1 if own is not None and own.isdigit() else 1
    start = 0 if own is None else len(text) - len(marker.body)  # type: ignore[union-attr]
    cuts: list[int] = []
    for m in _RUNIN.finditer(text, start):
        if int(m.group("num")) != expected:
            continue
        before = text[: m.start()].rstrip()
        if not before or before[-1] not in ".?!;:":
            continue  # "in 2 years", "section 1. The": only after a sentence or a colon
        cuts.append(m.start())
        expected += 1
    continued = following is not None and following.path == (str(expected),)
    if not cuts or (own is None and len(cuts) < 2 and not continued):
        return [text]
    bounds = [0, *cuts, len(text)]
    pieces = [text[a:b].strip() for a, b in pairwise(bounds)]
    return [p for p in pieces if p]


# "1 How many Universal Credit claims ...", "2 Proportion of claims ...": numbers with no dot
# or bracket, at the start of blocks in sequence from 1.
_BARE_NUMBER = re.compile(r"(?P<num>\d{1,2})\s+(?=[A-Z\"“‘])")


def _bare_numbers(blocks: list[Block], markers: list[Marker | None]) -> None:
    """Give blocks that start "1 ...", "2 ...", "3 ..." (in sequence from 1, at least two, no
    other marker among them) their markers in place."""
    found: list[tuple[int, int]] = []  # (block index, number)
    for index, block in enumerate(blocks):
        if markers[index] is not None:
            continue
        m = _BARE_NUMBER.match(block.text)
        if m:
            found.append((index, int(m.group("num"))))
    if len(found) < 2:
        return
    run: list[tuple[int, int]] = []
    for index, num in found:
        if num == (run[-1][1] + 1 if run else 1):
            run.append((index, num))
    if len(run) < 2:
        return
    for index, num in run:
        body = blocks[index].text[_BARE_NUMBER.match(blocks[index].text).end() :]  # type: ignore[union-attr]
        markers[index] = Marker((str(num),), "num", body)


_LETTER_KINDS = frozenset(("letter", "LETTER", "ambig", "AMBIG"))


def _letter_headings(markers: list[Marker | None]) -> None:
    """Letters that head groups of numbered questions numbered on across the groups ("a)",
    1. 2. 3., "b)", 4. 5. 6.) are headings, not parents: the numbers are the questions. A
    lettered list before the first number that names the same groups goes with them."""
    empty = [
        i
        for i, m in enumerate(markers)
        if m is not None and len(m.path) == 1 and m.kind in _LETTER_KINDS and not m.body
    ]
    if len(empty) < 2:
        return
    numbers = [
        (i, int(m.path[0]))
        for i, m in enumerate(markers)
        if m is not None and len(m.path) == 1 and m.path[0].isdigit()
    ]
    if not numbers:
        return
    continued = 0
    for heading in empty[1:]:
        before = [n for i, n in numbers if i < heading]
        after = [n for i, n in numbers if i > heading]
        if before and after and after[0] == before[-1] + 1:
            continued += 1
    if not continued:
        return
    headings = {markers[i].path[0] for i in empty}  # type: ignore[union-attr]
    first_number = numbers[0][0]
    legend = [
        i
        for i, m in enumerate(markers[:first_number])
        if m is not None and len(m.path) == 1 and m.kind in _LETTER_KINDS
    ]
    if not any(markers[i].path[0] in headings for i in legend):  # type: ignore[union-attr]
        legend = []
    for i in (*empty, *legend):
        markers[i] = None


# What a letter or roman marker starts with: "(a)", "a)", "ii.", "B)".
_NESTED_START = re.compile(r"\(|[a-zA-Z]{1,6}[.)]")


def _nested_pieces(text: str, marker: Marker | None, answers: bool) -> list[str]:
    if (
        marker is not None
        and marker.kind not in _NESTED_KINDS
        and marker.body
        and _NESTED_START.match(marker.body)
    ):
        inner = parse_marker(marker.body, answers)
        if inner is not None and inner.kind in _NESTED_KINDS and len(inner.path) == 1:
            return [text[: len(text) - len(marker.body)].rstrip(), marker.body]
    return [text]


# "(a)", "(ii)", "(2)" inside a sentence, after a space or a colon. The "(" comes first and
# the look-behind checks the character before it: a pattern that starts with a literal lets
# ``re`` skip to the brackets instead of trying every position.
_INLINE_MARKER = re.compile(r"\((?<=[\s:;,]\()(?P<token>[a-z]|[ivx]{1,4}|\d{1,2})\)(?=\s)")
_LEADING_BRACKET = re.compile(r"\((?P<token>[a-z]|[ivx]{1,4}|\d{1,2})\)")


def _successor(token: str) -> tuple[str, ...]:
    if token.isdigit():
        return (str(int(token) + 1),)
    nxt: list[str] = []
    value = roman_value(token)
    if value is not None:
        nxt.append(to_roman(value + 1))
    if len(token) == 1 and token != "z":
        nxt.append(chr(ord(token) + 1))
    return tuple(nxt)


def _inline_pieces(text: str, following: str) -> list[str]:
    """Split at an in-sentence enumeration that starts at (a), (i) or (1) and goes on in
    sequence (in the text, or at the start of the next block): "(b)" alone is no list."""
    if "(" not in text:
        return [text]
    run: list[re.Match[str]] = []
    for m in _INLINE_MARKER.finditer(text):
        token = m.group("token")
        expected = _successor(run[-1].group("token")) if run else ("a", "i", "1")
        if token in expected:
            run.append(m)
    if not run:
        return [text]
    if len(run) == 1:
        nxt = _LEADING_BRACKET.match(following)
        if not nxt or nxt.group("token") not in _successor(run[0].group("token")):
            return [text]
    cuts = [m.start() for m in run]
    pieces = [text[: cuts[0]].rstrip()]
    pieces += [text[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]
    # "at (a) 1.4.19 and (b) 1.4.16", "how many (a) wholetime firefighters, (b) retained ...":
    # a list of dates or nouns inside one question, not sub-questions of their own.
    # After a colon, or with the list going on in the next block, they are laid out as items.
    laid_out = pieces[0].endswith(":") or len(run) == 1
    if not laid_out and not all(_asks_alone(p) for p in pieces[1:]):
        return [text]
    return [p for p in pieces if p]


_LIST_GLUE = frozenset(("and", "or", "and/or", "&"))
_MIN_PIECE_WORDS = 4


def _asks_alone(piece: str) -> bool:
    """Whether an in-sentence list item ("(b) how many were refused?") reads as a question of
    its own rather than one entry of a list."""
    words = piece.split()[1:]  # without its "(b)"
    while words and words[-1].lower().strip(",;") in _LIST_GLUE:
        words.pop()
    return piece.rstrip().endswith("?") or len(words) >= _MIN_PIECE_WORDS


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
    blocks: list[Block],
    written: list[Marker | None],
    known: frozenset[str] = frozenset(),
) -> list[Item]:
    """The outline items of `blocks`, in order; `written` holds the marker each block's text
    writes (from `split_nested`). `known`: the request's labels, which decide whether a weak
    marker ("1 - 1,486") is one."""
    items: list[Item] = []
    top: Level | None = None
    last_by_label: dict[str, int] = {}
    item_of_li: dict[int, int] = {}
    for index, block in enumerate(blocks):
        marker = written[index]
        if marker is not None:
            if marker.weak and join_label(marker.path) not in known:
                continue
            path, kind, body, extra_paths, explicit = (
                marker.path,
                marker.kind,
                marker.body,
                marker.extra,
                True,
            )
        elif block.item_start and block.number is not None:
            # The visible <ol> number (no Marker built: lists can have 100,000 items).
            path, kind, body, extra_paths, explicit = (
                (block.number,),
                block.number_kind,
                block.text,
                (),
                False,
            )
        else:
            continue
        pos = len(items)
        # "Q2" and "2." are one list: a response may answer "1. Yes" then "Question 2: ...".
        if kind == "qnum":
            kind = "num"
        token = path[-1]
        html_parent = item_of_li.get(block.parent_item) if block.parent_item is not None else None
        if kind in ("ambig", "AMBIG"):
            kind = _resolve_kind(kind, token, top)
            if known and len(path) == 1 and html_parent is None:
                # A response's "i)" may follow no "h)": the request's labels tell which it is.
                other = _OTHER_KIND[kind]
                if (
                    _push(_sibling_base(top, kind), kind, pos, token).label not in known
                    and _push(_sibling_base(top, other), other, pos, token).label in known
                ):
                    kind = other
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
        labels = (label, *(join_label(p) for p in extra_paths)) if extra_paths else (label,)
        parent = _nearest_item(base)
        items.append(Item(index, label, labels, parent, body, top, explicit))
        last_by_label[label] = pos
        if block.item is not None and block.item not in item_of_li:
            item_of_li[block.item] = pos
    return items
