"""HTML (or plain text) to blocks: paragraphs, list items, lines, table rows.

HTML goes through a real HTML5 parser (selectolax's Lexbor backend: what a browser builds from
the same bytes, so stray tags, unclosed ``<p>``/``<li>``, misnested tables and character
references come out as a browser shows them) and the tree is walked without recursion, as start
tag, end tag and text events, into ``_BlockParser``. Every block element start or end is a
boundary. An ``<ol>`` numbers its items as a browser would (``start``, ``type``, ``reversed``,
``<li value>``), unless its style hides the numbers (``list-style-type: none``), in which case the
text writes its own.

Text without block-level tags is split on blank lines and on lines; a hard-wrapped line (one that
starts in lower case after a line without closing punctuation) is joined to the line before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

from selectolax.lexbor import LexborHTMLParser, LexborNode

from foitui.parsing.markers import BULLET_GLYPHS, bullet_body, parse_marker
from foitui.parsing.text import INVISIBLE, collapse


@dataclass(slots=True)
class Block:
    """One paragraph, list item, line or table row of a text."""

    text: str  # the content, whitespace collapsed; no list number or bullet glyph
    display: str  # as shown in plain text: "2. text" for a numbered item, "• text" for a bullet
    para: int  # lines of one <p> (split by <br>) or one plain-text paragraph share this id
    item: int | None = None  # the <li> this block is in
    parent_item: int | None = None  # the <li> that holds this block's list (nested lists)
    item_start: bool = False  # first block of its <li> (or a plain-text bullet line)
    number: str | None = None  # the visible <ol> number of the item, label form ("2", "b", "iv")
    number_kind: str = ""  # "num", "letter", "LETTER", "roman" or "ROMAN"
    bullet: bool = False  # an item of a <ul>, or a plain-text line starting with "-", "•"
    depth: int = 0  # list nesting depth


# Elements that start and end a block. <br> is a line break inside one paragraph.
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 blockquote pre address section article header footer nav aside "
    "main center dl dt dd hr figure figcaption caption form fieldset legend details summary "
    "body html tbody thead tfoot".split()
)
_LIST_TAGS = frozenset(("ol", "ul", "menu", "dir"))
_CELL_TAGS = frozenset(("td", "th"))
# Content never shown as text: the tree walk never enters these elements.
_SKIP_TAGS = frozenset(("script", "style", "title", "template"))

_STRUCTURAL = _BLOCK_TAGS | _LIST_TAGS | _CELL_TAGS | _SKIP_TAGS | {"br", "li", "tr", "table"}
_BLOCK_HINT = re.compile(
    r"<(?:/?(?:p|div|br|li|ol|ul|table|tr|td|th|h[1-6]|blockquote|pre|hr|body|html|dl|dt|dd"
    r"|section|article|center|tbody)\b[^<>]*>|![-\[a-zA-Z])",
    re.IGNORECASE,
)
_INLINE_HINT = re.compile(
    r"</?(?:b|i|u|em|strong|a|span|font|sup|sub|small|big|mark|code|abbr|o:p|s|strike)\b[^<>]*>",
    re.IGNORECASE,
)
# Well-formed character references only: plain text may say "R&D" or "Q&A".
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")

_LIST_STYLE_NONE = re.compile(r"list-style(?:-type)?\s*:\s*none", re.IGNORECASE)
_LIST_STYLE_TYPE = re.compile(
    r"list-style(?:-type)?\s*:\s*(decimal|lower-(?:alpha|latin|roman)|upper-(?:alpha|latin|roman))",
    re.IGNORECASE,
)
_CSS_TYPES = {
    "decimal": "1",
    "lower-alpha": "a",
    "lower-latin": "a",
    "upper-alpha": "A",
    "upper-latin": "A",
    "lower-roman": "i",
    "upper-roman": "I",
}
_TYPE_KIND = {"1": "num", "a": "letter", "A": "LETTER", "i": "roman", "I": "ROMAN"}
_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")
_WRAP_END = re.compile(r"[.?!:;]['\"”’)]*$")
# Tables nested deeper than this are treated as plain containers (layout, not data).
_MAX_TABLE_DEPTH = 32
# A row is data (one block, cells joined with " | ") when its cells are short.
_MAX_CELL_BLOCKS = 3
_MAX_CELL_TEXT = 600

_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def to_roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def to_letters(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: how browsers number ``type="a"`` lists."""
    out = []
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out.append(chr(ord("a") + rem))
    return "".join(reversed(out))


def list_number(n: int, style: str) -> str:
    """The label form (lower case) of item `n` in a list of `style` ("1", "a", "A", "i", "I")."""
    if n > 0 and style in ("a", "A"):
        return to_letters(n)
    if 0 < n < 4000 and style in ("i", "I"):
        return to_roman(n)
    return str(n)


def _display_number(number: str, style: str) -> str:
    return number.upper() if style in ("A", "I") else number


@dataclass(slots=True)
class _List:
    tag: str
    ordered: bool
    counter: int
    step: int
    style: str
    hidden: bool
    parent_item: int | None
    depth: int
    last_item: int | None = None


@dataclass(slots=True)
class _Item:
    id: int
    number: str | None
    lst: _List
    started: bool = False


@dataclass(slots=True)
class _Table:
    row: list[list[Block]] | None = None


Attrs = list[tuple[str, str | None]]

# Lexbor's tree building is quadratic in the depth of nested elements (measured: 20,000 nested
# <div> take 0.4 s, 40,000 take 1.5 s), so a hostile cell is flattened first: past this depth
# further start tags of container elements are dropped (their text stays).
_MAX_DEPTH = 512
_VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
# A tag closed by its ">" (quoted attribute values may hold ">"); "<" not starting a tag is text.
_WHOLE_TAG = re.compile(r"<(?:[^A-Za-z/!?]|[A-Za-z/!?](?:[^>\"']|\"[^\"]*\"|'[^']*')*>)")
_ANY_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>")
_FLATTENABLE = frozenset(
    "div span font b i u em strong blockquote section article center small big sup sub a".split()
)


def _flatten_deep(source: str) -> str:
    """`source` with container tags that open past _MAX_DEPTH removed (with their end tags)."""
    depth = 0
    dropped: dict[str, int] = {}
    out: list[str] = []
    pos = 0
    for m in _ANY_TAG.finditer(source):
        end, name = m.group(1), m.group(2).lower()
        if name in _VOID_TAGS or m.group().endswith("/>"):
            continue
        if not end:
            depth += 1
            if depth > _MAX_DEPTH and name in _FLATTENABLE:
                depth -= 1
                dropped[name] = dropped.get(name, 0) + 1
                out.append(source[pos : m.start()])
                pos = m.end()
        elif dropped.get(name):
            dropped[name] -= 1
            out.append(source[pos : m.start()])
            pos = m.end()
        else:
            depth = max(0, depth - 1)
    out.append(source[pos:])
    return "".join(out)


def _needs_flattening(source: str) -> bool:
    # Cheap first: a document with few tags cannot nest deeply.
    return source.count("<") > 2 * _MAX_DEPTH and any(
        depth > _MAX_DEPTH for depth in _depths(source)
    )


def _depths(source: str) -> Iterator[int]:
    depth = 0
    for m in _ANY_TAG.finditer(source):
        if m.group(2).lower() in _VOID_TAGS:
            continue
        depth = depth - 1 if m.group(1) else depth + 1
        yield depth


def _html_tree(source: str) -> LexborNode:
    """The document's <body> as an HTML5 parser builds it."""
    if _needs_flattening(source):
        source = _flatten_deep(source)
    cut = source.rfind("<")
    if cut >= 0 and not _WHOLE_TAG.match(source, cut):
        # A cell cut off inside a tag: a browser drops the tag and all after it; the text the
        # cell still holds is worth more than the tag, so that last "<" is text.
        source = f"{source[:cut]}&lt;{source[cut + 1 :]}"
    # Lone surrogates cannot be encoded for the parser: shown as U+FFFD, as a browser would.
    tree = LexborHTMLParser(source.encode("utf-8", "replace").decode("utf-8"))
    body = tree.body
    return body if body is not None else tree.root


def _walk(root: LexborNode, handler: _BlockParser) -> None:
    """Feed the tree under `root` to `handler` as start tag, end tag and text events, in document
    order, with an explicit stack (no recursion: any depth). Comments and the content of
    <script>, <style>, <title> and <template> are never text."""
    start_tag = handler.handle_starttag
    end_tag = handler.handle_endtag
    data = handler.handle_data
    wanted = handler.wanted  # <b>, <span>, <a>...: no event, text flows on
    node = root.child
    stack: list[str | None] = []  # the open elements above `node` (None: not wanted)
    while node is not None:
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if text:
                data(text)
        elif tag[0] != "-" and tag not in _SKIP_TAGS:
            mark: str | None = None
            if tag in wanted:
                mark = tag
                start_tag(tag, list(node.attributes.items()) if tag in _ATTR_TAGS else [])
            child = node.child
            if child is not None:
                stack.append(mark)
                node = child
                continue
            if mark is not None:
                end_tag(mark)
        # Next in document order: the next sibling, else close parents until one has one.
        while node is not None and node.next is None:
            node = node.parent
            if not stack:
                return
            mark = stack.pop()
            if mark is not None:
                end_tag(mark)
        if node is None:
            return
        node = node.next


# Only these tags' attributes are read (list numbering); others are not copied out of the tree.
_ATTR_TAGS = frozenset(("ol", "ul", "li", "menu", "dir"))


class _InlineText:
    """For text with inline tags only: drop the tags, keep the text and its line breaks."""

    wanted = frozenset(("br",))

    def __init__(self) -> None:
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        pass


class _BlockParser:
    """Collects blocks from HTML events; keeps only stacks, never recurses."""

    wanted = _STRUCTURAL  # the tags the handlers act on

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._buf: list[str] = []
        self._para = 0
        self._next_item = 0
        # Open lists and list items, innermost last. Only these two kinds of frame live here.
        self._stack: list[_List | _Item] = []
        self._open_lists = 0
        self._open_by_tag: dict[str, int] = {}
        self._open_items = 0
        self._tables: list[_Table] = []
        self._ignored_tables = 0

    # -- events ---------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _STRUCTURAL:
            return  # <b>, <span>, <a>, <font>...: text flows on
        if tag == "br":
            self._flush()
            return
        if tag in _BLOCK_TAGS:
            self._boundary()
        elif tag == "li":
            self._start_item(attrs)
        elif tag in _LIST_TAGS:
            self._start_list(tag, attrs)
        elif tag in _CELL_TAGS:
            self._start_cell()
        elif tag == "tr":
            self._boundary()
            table = self._table()
            if table is not None:
                self._finish_row(table)
                table.row = []
        elif tag == "table":
            self._boundary()
            if len(self._tables) < _MAX_TABLE_DEPTH:
                self._tables.append(_Table())
            else:
                self._ignored_tables += 1

    def handle_endtag(self, tag: str) -> None:
        if tag not in _STRUCTURAL:
            return
        if tag == "br":
            pass  # the start tag made the break
        elif tag in _BLOCK_TAGS:
            self._boundary()
        elif tag == "li":
            self._boundary()
            if self._open_items:
                # Close the innermost item, and any list left open inside it.
                while self._stack:
                    frame = self._stack.pop()
                    if isinstance(frame, _Item):
                        self._open_items -= 1
                        break
                    self._open_lists -= 1
                    self._open_by_tag[frame.tag] -= 1
        elif tag in _LIST_TAGS:
            self._boundary()
            if self._open_lists:
                # Close the innermost list of this tag if one is open (a stray </ol> must not
                # close a <ul>), else the innermost list. Each frame is popped once: linear.
                exact = self._open_by_tag.get(tag, 0) > 0
                while self._stack:
                    frame = self._stack.pop()
                    if isinstance(frame, _List):
                        self._open_lists -= 1
                        self._open_by_tag[frame.tag] -= 1
                        if not exact or frame.tag == tag:
                            break
                    else:
                        self._open_items -= 1
        elif tag in _CELL_TAGS:
            self._flush()
        elif tag == "tr":
            self._boundary()
            table = self._table()
            if table is not None:
                self._finish_row(table)
        elif tag == "table":
            self._boundary()
            if self._ignored_tables:
                self._ignored_tables -= 1
            elif self._tables:
                table = self._tables.pop()
                self._finish_row(table)

    def handle_data(self, data: str) -> None:
        self._buf.append(data)

    def close(self) -> None:
        self._boundary()
        while self._tables:
            self._finish_row(self._tables.pop())

    # -- lists ----------------------------------------------------------------------------
    def _start_list(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._boundary()
        values = {k: v or "" for k, v in attrs} if attrs else {}
        style = values.get("style", "")
        ordered = tag == "ol"
        list_type = values.get("type", "1").strip() or "1"
        css = _LIST_STYLE_TYPE.search(style)
        if css:
            list_type = _CSS_TYPES[css.group(1).lower()]
        if list_type not in _TYPE_KIND:
            list_type = list_type.lower() if list_type.lower() in _TYPE_KIND else "1"
        reversed_list = "reversed" in values
        start = _int_or_none(values.get("start", ""))
        parent_item = self._current_item_id()
        top = self._stack[-1] if self._stack else None
        if parent_item is None and isinstance(top, _List):
            # <ol> directly inside <ol> (invalid, common): it belongs to the item before it.
            parent_item = top.last_item
        frame = _List(
            tag=tag,
            ordered=ordered,
            counter=start if start is not None else 1,
            step=-1 if reversed_list else 1,
            style=list_type,
            hidden=_LIST_STYLE_NONE.search(style) is not None,
            parent_item=parent_item,
            depth=self._open_lists + 1,
        )
        if reversed_list and start is None:
            frame.counter = -1  # counted back from the item count, which is not known yet
        self._push_list(frame)

    def _push_list(self, frame: _List) -> None:
        self._stack.append(frame)
        self._open_lists += 1
        self._open_by_tag[frame.tag] = self._open_by_tag.get(frame.tag, 0) + 1

    def _start_item(self, attrs: list[tuple[str, str | None]]) -> None:
        self._boundary()
        if self._stack and isinstance(self._stack[-1], _Item):
            self._stack.pop()  # an unclosed <li> ends where the next one starts
            self._open_items -= 1
        lst = self._stack[-1] if self._stack else None
        if not isinstance(lst, _List):
            # An <li> outside any list: a bullet of an implicit list.
            lst = _List("ul", False, 1, 1, "1", False, None, self._open_lists + 1)
            self._push_list(lst)
        values = {k: v or "" for k, v in attrs} if attrs else {}
        number: str | None = None
        if lst.ordered:
            value = _int_or_none(values.get("value", ""))
            if value is not None:
                lst.counter = value
            style = values.get("style")
            hidden = lst.hidden or (
                style is not None and _LIST_STYLE_NONE.search(style) is not None
            )
            if not hidden and lst.counter >= 0:
                number = list_number(lst.counter, lst.style)
            lst.counter += lst.step
        self._next_item += 1
        lst.last_item = self._next_item
        self._stack.append(_Item(self._next_item, number, lst))
        self._open_items += 1

    def _current_item_id(self) -> int | None:
        # The innermost frame is an item when text sits directly in an <li>.
        if self._stack and isinstance(self._stack[-1], _Item):
            return self._stack[-1].id
        return None

    # -- tables ---------------------------------------------------------------------------
    def _table(self) -> _Table | None:
        return self._tables[-1] if self._tables else None

    def _start_cell(self) -> None:
        self._flush()
        table = self._table()
        if table is None:
            return  # a cell outside a table: just a boundary
        if table.row is None:
            table.row = []
        table.row.append([])

    def _finish_row(self, table: _Table) -> None:
        cells = table.row
        table.row = None
        if not cells:
            return
        filled = [cell for cell in cells if cell]
        layout = len(filled) < 2 or any(
            len(cell) > _MAX_CELL_BLOCKS
            or any(b.item_start or len(b.text) > _MAX_CELL_TEXT for b in cell)
            for cell in filled
        )
        if layout:
            for cell in filled:
                for block in cell:
                    self._emit(block)
            return
        first = filled[0][0]
        text = " | ".join(" ".join(b.text for b in cell) for cell in filled)
        self._emit(Block(text, text, first.para, first.item, first.parent_item, depth=first.depth))

    # -- blocks ---------------------------------------------------------------------------
    def _boundary(self) -> None:
        self._flush()
        self._para += 1

    def _flush(self) -> None:
        buf = self._buf
        if not buf:
            return
        text = buf[0] if len(buf) == 1 else "".join(buf)
        buf.clear()
        if not text.isascii() and INVISIBLE.search(text):  # collapse(), inlined: a hot path
            text = INVISIBLE.sub("", text)
        # Printable text has no spacing but " " (str.split's other separators are control or
        # separator characters): most paragraphs need no split and join then. Cheapest tests
        # first, so a text that needs the split anyway is not scanned for nothing.
        if text[:1] == " " or text[-1:] == " " or "  " in text or not text.isprintable():
            text = " ".join(text.split())
        if not text:
            return
        stack = self._stack
        frame = stack[-1] if stack else None
        if frame.__class__ is _Item:
            lst = frame.lst
            # Positional arguments: this runs once per paragraph, line and list item.
            if frame.started:
                block = Block(
                    text, text, self._para, frame.id, lst.parent_item, False, None, "", False,
                    lst.depth,
                )  # fmt: skip
            else:
                frame.started = True
                if not lst.ordered:
                    if text[0] in BULLET_GLYPHS:
                        rest = bullet_body(text)  # "<li>- item": one bullet, not two
                        if rest:
                            text = rest
                    block = Block(
                        text, f"• {text}", self._para, frame.id, lst.parent_item, True, None, "",
                        True, lst.depth,
                    )  # fmt: skip
                elif frame.number is not None:
                    number = frame.number
                    shown = _display_number(number, lst.style)
                    block = Block(
                        text, f"{shown}. {text}", self._para, frame.id, lst.parent_item, True,
                        number, _TYPE_KIND[lst.style], False, lst.depth,
                    )  # fmt: skip
                else:
                    block = Block(
                        text, text, self._para, frame.id, lst.parent_item, True, None, "", False,
                        lst.depth,
                    )  # fmt: skip
        elif text[0] in BULLET_GLYPHS and (rest := bullet_body(text)):
            # "- item" typed on a <br> line or in its own <p>: a bullet, as in plain text.
            block = Block(rest, text, self._para, None, None, True, None, "", True)
        else:
            block = Block(text, text, self._para)
        # _emit, inlined: once per block.
        tables = self._tables
        row = tables[-1].row if tables else None
        if row is not None:
            if not row:
                row.append([])
            row[-1].append(block)
        else:
            self.blocks.append(block)

    def _emit(self, block: Block) -> None:
        tables = self._tables
        row = tables[-1].row if tables else None
        if row is not None:
            if not row:
                row.append([])
            row[-1].append(block)
        else:
            self.blocks.append(block)


def _int_or_none(value: str) -> int | None:
    value = value.strip()
    if not value or len(value) > 9:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _strip_tags_roughly(source: str) -> str:
    """Last resort if the HTML parser fails: tags out, entities decoded, block tags as blank
    lines."""
    text = re.sub(
        r"<(?:br|/?(?:p|div|li|tr|h[1-6]|ol|ul|table))\b[^>]*>", "\n\n", source, flags=re.I
    )
    return unescape(re.sub(r"<[^>]*>", " ", text))


def to_blocks(source: str | None) -> list[Block]:
    """The blocks of an HTML or plain-text cell. Never raises on any input."""
    if not source:
        return []
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    if _BLOCK_HINT.search(source):
        parser = _BlockParser()
        try:
            _walk(_html_tree(source), parser)
            parser.close()
        except Exception:  # never seen; a record must still import
            return plain_blocks(_strip_tags_roughly(source), decode=False)
        return parser.blocks
    if _INLINE_HINT.search(source):
        collector = _InlineText()
        try:
            _walk(_html_tree(source), collector)
        except Exception:
            return plain_blocks(_strip_tags_roughly(source), decode=False)
        return plain_blocks("".join(collector.parts), decode=False)
    return plain_blocks(source)


# What `to_blocks` never shows as text: comments, the content of _SKIP_TAGS, the tags.
# Only what is surely not text: anything else ("<" alone, a comment left open) is counted as
# text, so that a record the parse would take is never refused (see `markup_only`). A tag's
# name runs to the first space, "/" or ">", "<" included, as a browser reads "<a<p>".
_NEVER_TEXT = re.compile(
    r"<!--(?:-?>|.*?--!?>)|<(script|style|title|template)\b[^>]*>.*?</\1\s*>|</?[a-zA-Z][^>]*>"
    r"|<![a-zA-Z][^>]*>",
    re.IGNORECASE | re.DOTALL,
)


def markup_only(source: str) -> bool:
    """Whether `to_blocks(source)` would find no text at all, told without parsing: tags,
    comments and unshown elements out, entities decoded, whitespace and invisible characters
    dropped. The first pass of an import calls it on every record (a few microseconds, where
    the parse takes over 300), so that such a record is refused before anything is written."""
    if _BLOCK_HINT.search(source) or _INLINE_HINT.search(source):
        return not rough_text(source)
    if "&" in source:  # plain text, as `plain_blocks` reads it: tags and all
        source = _ENTITY.sub(lambda m: unescape(m.group()), source)
    return not collapse(source)


def rough_text(source: str) -> str:
    """`source`'s text the way `markup_only` reads it: what is surely markup out, the rest
    kept, whitespace collapsed."""
    return collapse(unescape(_NEVER_TEXT.sub(" ", source)))


def plain_blocks(text: str, decode: bool = True) -> list[Block]:
    """Blocks of plain text: paragraphs split on blank lines, then on lines."""
    if decode and "&" in text:
        text = _ENTITY.sub(lambda m: unescape(m.group()), text)
    blocks: list[Block] = []
    for para, chunk in enumerate(_BLANK_LINE.split(text)):
        prev: Block | None = None
        for line in chunk.split("\n"):
            s = collapse(line)
            if not s:
                continue
            rest = bullet_body(s)
            if rest is not None:
                prev = Block(rest, s, para, item_start=True, bullet=True)
            elif prev is not None and _is_wrapped(prev.text, s):
                prev.text = f"{prev.text} {s}"
                prev.display = f"{prev.display} {s}"
                continue
            else:
                prev = Block(s, s, para)
            blocks.append(prev)
    return blocks


def _is_wrapped(previous: str, line: str) -> bool:
    """Whether `line` continues `previous` (a hard-wrapped sentence) rather than starting anew."""
    return (
        line[0].islower()
        and not _WRAP_END.search(previous)
        and parse_marker(line, answers=True) is None
    )


def blocks_text(blocks: list[Block]) -> str:
    """The plain text of blocks: one paragraph each, separated by a blank line."""
    return "\n\n".join([b.display for b in blocks])  # a list: join would make one anyway
