"""HTML (or plain text) to blocks: paragraphs, list items, lines, table rows.

HTML goes through a small event-based tokenizer (``_events``: start tags with their attributes,
end tags, text with its character references decoded, ``<script>``/``<style>`` content skipped),
which behaves like the stdlib's ``HTMLParser`` on what the sanitiser lets through, at a fraction
of its cost per tag. Every block element start or end is a boundary, which copes with unclosed
``<p>``/``<li>`` for free, and nothing here recurses, so thousands of nesting levels or 100,000
list items cost linear time. An ``<ol>`` numbers its items
as a browser would (``start``, ``type``, ``reversed``, ``<li value>``), unless its style hides the
numbers (``list-style-type: none``), in which case the text writes its own.

Text without block-level tags is split on blank lines and on lines; a hard-wrapped line (one that
starts in lower case after a line without closing punctuation) is joined to the line before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

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
# Content never shown as text. script/style are raw text (the tokenizer skips to their end tag);
# title/template are not.
_SKIP_TAGS = frozenset(("script", "style", "title", "template"))

_STRUCTURAL = _BLOCK_TAGS | _LIST_TAGS | _CELL_TAGS | _SKIP_TAGS | {"br", "li", "tr", "table"}
# Block tags whose start, end and self-closing forms all just end a paragraph (<body> also
# ends an unclosed <title>, so it goes through the handler).
_PLAIN_BLOCK_TAGS = _BLOCK_TAGS - {"body"}
# Tags as most are written, lower case without attributes ("p", "/p", "br", "li", "/ol"...),
# to what the tokenizer does with them: _PARA a paragraph boundary, _LINE a line break, _START
# or _END the handler's start or end tag event. Anything else goes through _TAG.
_LINE, _PARA, _START, _END = range(4)
_BARE_TAGS: dict[str, tuple[int, str]] = {
    **{form: (_PARA, tag) for tag in _PLAIN_BLOCK_TAGS for form in (tag, f"/{tag}", f"{tag}/")},
    **dict.fromkeys(("br", "/br", "br/", "br /"), (_LINE, "br")),
    # Not <script>/<style>: their content is skipped by the tokenizer itself.
    **{tag: (_START, tag) for tag in _STRUCTURAL - _PLAIN_BLOCK_TAGS - {"br", "script", "style"}},
    **{
        f"/{tag}": (_END, tag)
        for tag in _STRUCTURAL - _PLAIN_BLOCK_TAGS - {"br", "script", "style"}
    },
}

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

# Neutralise what a tokenizer finds ambiguous before it sees the text: comments (an unclosed one
# runs to the end, as in a browser), <!...>/<?...> declarations (Word's "<![if !supportLists]>"),
# and a "<" that no ">" closes before the next "<" (text, as a browser shows it). After this,
# every "<" left opens a tag that a ">" closes.
_SANITISE = re.compile(
    r"<!--.*?(?:-->|\Z)|<[!?][^<>]*(?:>|(?=<)|\Z)|<(?![A-Za-z/])|<(?=[^<>]*(?:<|\Z))", re.DOTALL
)
# A start or end tag: name, then attributes (quoted values may hold ">"), then ">". The "&lt;"
# the sanitiser left is text.
_TAG = re.compile(
    r"<(?P<end>/\s*)?(?:(?P<name>[a-zA-Z][^\t\n\r\f />\x00]*+)"
    r"(?P<attrs>(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+|[^>]*+)|[^>]*+)>"
)
_ATTR = re.compile(
    r"(?P<key>[^\s/>=\"'][^\s/>=]*)(?:\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]*)))?"
)
_SELF_CLOSING = re.compile(r"(?:^|[\s\"'])/\s*$")
_RAW_END = {
    "script": re.compile(r"</script[\s/>]", re.IGNORECASE),
    "style": re.compile(r"</style[\s/>]", re.IGNORECASE),
}
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


def _attrs(raw: str) -> Attrs:
    """Attributes of a tag, names lower case, values with character references decoded."""
    out: Attrs = []
    for m in _ATTR.finditer(raw):
        value = m.group("dq")
        if value is None:
            value = m.group("sq")
            if value is None:
                value = m.group("bare")
        if value is not None and "&" in value:
            value = unescape(value)
        out.append((m.group("key").lower(), value))
    return out


def _events(source: str, handler: _BlockParser | _TextCollector) -> None:
    """Tokenize sanitised HTML and call the handler's ``handle_starttag``, ``handle_startendtag``,
    ``handle_endtag`` and ``handle_data``. One pass with one regex: linear in the input.

    For the block parser, the commonest events (text, a paragraph-like tag, ``<br>``) are handled
    here without the handler's call chain: they are most of the events of any document."""
    pos = 0
    n = len(source)
    wanted = handler.wanted
    start_tag = handler.handle_starttag
    end_tag = handler.handle_endtag
    find = source.find
    match = _TAG.match
    if handler.__class__ is _BlockParser:
        parser: _BlockParser | None = handler
        buf = handler._buf
        flush = handler._flush
    else:
        parser = None
        buf = handler.parts
    while pos < n:
        lt = find("<", pos)
        if lt < 0:
            lt = n
        if lt > pos:
            text = source[pos:lt]
            if parser is None:
                buf.append(unescape(text) if "&" in text else text)
            elif not parser._skip and (buf or not text.isspace()):
                # Spacing before a block's first text (between "</p>" and "<p>") collapses
                # away in _flush: not kept, most boundaries then have nothing to flush.
                buf.append(unescape(text) if "&" in text else text)
        if lt == n:
            return
        if parser is not None:
            # "<p>", "</p>", "<br>"...: most tags of any document, handled without the regex
            # (what _TAG reads as such a tag runs from "<" to the first ">"), as below.
            gt = find(">", lt)
            bare = _BARE_TAGS.get(source[lt + 1 : gt]) if gt > 0 else None
            if bare is not None:
                pos = gt + 1
                action, name = bare
                if action <= _PARA:
                    if buf:
                        flush()
                    if action == _PARA:
                        parser._para += 1
                elif action == _START:
                    start_tag(name, [])
                else:
                    end_tag(name)
                continue
        m = match(source, lt)
        if m is None:  # cannot happen after _sanitise; be safe: the "<" is text
            buf.append("<")
            pos = lt + 1
            continue
        pos = m.end()
        end, name, raw = m.groups()
        if name is None:
            continue  # "</>", "</3>": nothing, as in a browser
        name = name.lower()
        if name not in wanted:
            if name in _RAW_END and not end:
                # <script>/<style>: raw text up to the end tag, never shown.
                close = _RAW_END[name].search(source, pos)
                if close is None:
                    return  # an unclosed <script> hides the rest, as in a browser
                gt = find(">", close.end() - 1)
                pos = n if gt < 0 else gt + 1
            continue  # <b>, <span>, <a>, <font>...: text flows on
        if parser is not None:
            # Start, end or self-closing alike: a paragraph-like tag is a boundary (as
            # handle_starttag/handle_endtag/handle_startendtag make it), <br> a line break.
            if name in _PLAIN_BLOCK_TAGS:
                if buf:
                    flush()
                parser._para += 1
                continue
            if name == "br":
                if buf:
                    flush()
                continue
        if end:
            end_tag(name)
        elif not raw:
            start_tag(name, [])
        else:
            attrs = _attrs(raw) if "=" in raw or raw.strip() not in ("", "/") else []
            if "/" in raw and _SELF_CLOSING.search(raw):
                handler.handle_startendtag(name, attrs)
            else:
                start_tag(name, attrs)


class _BlockParser:
    """Collects blocks from HTML events; keeps only stacks, never recurses."""

    # The tags the handlers act on; <script>/<style> content the tokenizer skips itself.
    wanted = _STRUCTURAL - _RAW_END.keys()

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._buf: list[str] = []
        self._para = 0
        self._skip = 0
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
        if tag in _SKIP_TAGS:
            if tag not in ("script", "style"):  # CDATA: handle_data knows those
                self._skip += 1
            return
        if tag == "br":
            self._flush()
            return
        if tag == "body":
            self._skip = 0  # an unclosed <title> must not swallow the document
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

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <p/>, <hr/>: a boundary, never an open element.
        if tag == "br":
            self._flush()
        elif tag in _BLOCK_TAGS:
            self._boundary()

    def handle_endtag(self, tag: str) -> None:
        if tag not in _STRUCTURAL:
            return
        if tag in _SKIP_TAGS:
            if tag not in ("script", "style") and self._skip:
                self._skip -= 1
            return
        if tag == "br":
            self._flush()
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
        if not self._skip:
            self._buf.append(data)

    def feed(self, source: str) -> None:
        _events(source, self)

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


class _TextCollector:
    """For text with inline tags only: drop the tags, keep the text and its line breaks."""

    wanted: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: Attrs) -> None:
        pass

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        pass

    def feed(self, source: str) -> None:
        _events(source, self)

    def close(self) -> None:
        pass


def _int_or_none(value: str) -> int | None:
    value = value.strip()
    if not value or len(value) > 9:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _sanitise(source: str) -> str:
    def repl(m: re.Match[str]) -> str:
        return "&lt;" if m.group() == "<" else ""

    return _SANITISE.sub(repl, source)


def _strip_tags_roughly(source: str) -> str:
    """Last resort if the tokenizer fails: tags out, entities decoded, block tags as blank lines."""
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
            parser.feed(_sanitise(source))
            parser.close()
        except Exception:  # never seen; a record must still import
            return plain_blocks(_strip_tags_roughly(source), decode=False)
        return parser.blocks
    if _INLINE_HINT.search(source):
        collector = _TextCollector()
        try:
            collector.feed(_sanitise(source))
            collector.close()
        except Exception:
            return plain_blocks(_strip_tags_roughly(source), decode=False)
        return plain_blocks("".join(collector.parts), decode=False)
    return plain_blocks(source)


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
