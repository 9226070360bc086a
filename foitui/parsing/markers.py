"""Question markers at the start of a block: ``1)``, ``Q2:``, ``(a)``, ``ii.``, ``2(b)``,
``Q3 and Q4:``.

A marker has to *look* like one: a number followed by a bracket, dot, colon or dash, or led by
``Q``/``Question``. So "2019/20 figures", "18 hours", "1.5 million", "10 Downing Street" and
"1 April 2024" at the start of a block are text, not markers.

Kinds keep list styles apart so that the outline builder can nest them: ``num`` (``1)``),
``qnum`` (``Q1``; the outline treats it as ``num``), ``letter``/``LETTER``
(``a)``/``A)``), ``roman``/``ROMAN`` (``ii.``), and ``ambig``/``AMBIG`` for ``i``, ``v``, ``x``,
which are letters after ``h``/``u``/``w`` and roman numerals otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
_ROMAN_OK = re.compile(r"^x{0,3}(?:ix|iv|v?i{0,3})$")
_AMBIGUOUS = frozenset("ivx")


@dataclass(slots=True)  # not frozen: a frozen dataclass costs several times more to build
class Marker:
    """What a marker says: the label path as written (lower case) and the text after it.
    Treat as immutable."""

    path: tuple[str, ...]  # ("2",), ("2", "a") for "2a)", ("a",) for "(a)"
    kind: str  # the kind of the last token of `path`, see the module doc
    body: str
    # A joint answer ("Q3 and Q4:", "Questions 2-4:") names further labels; answers only.
    extra: tuple[tuple[str, ...], ...] = ()
    # "1 - 1,486 patients": a marker only if the request has a question 1 (else "10 - 15 ...").
    weak: bool = False


def roman_value(token: str) -> int | None:
    """The value of a lower-case roman numeral up to 39, or None when it is not one."""
    if not token or not _ROMAN_OK.match(token):
        return None
    total = 0
    prev = 0
    for ch in reversed(token):
        value = _ROMAN_VALUES[ch]
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total


def letter_kind(token: str) -> str:
    """The kind of a letter-ish token as written: letter, roman or ambiguous; upper case apart."""
    lower = token.lower()
    upper = token != lower
    kind = ("ambig" if lower in _AMBIGUOUS else "letter") if len(lower) == 1 else "roman"
    return kind.upper() if upper else kind


# A sub-label glued to a number: "2a", "2(b)", "1(ii)", "2.1".
_SUB = (
    r"(?:(?P<subl>[a-zA-Z])(?![a-zA-Z])"
    r"|\s?\(\s*(?P<subp>[a-zA-Z]|[ivxIVX]{1,5})\s*\)"
    r"|\.(?P<subn>\d{1,2})(?![\d.,]\d))"
)
# What may end a bare numeric marker. "." and ":" must not be followed by a digit (1.5, 10:30);
# a dash must be spaced and not start a range ("10 - 15 people").
_NUM_TERM = (
    r"(?:\)|\.(?=\s|$|[A-Z\"'“‘(\[])|:(?=\s|$|[A-Za-z\"'“‘])"
    r"|\s*[-–—](?=\s)(?!\s*[-–—]?\s*\d)|\s*\|)"
)

_Q_WORD = r"(?:question|ques\.?|qn|q|request|item|point|part|#)"
_A_WORD = r"(?:answers?|ans\.?|response|reply|part|request|a|r)"
_RESPONSE_TO = r"(?:(?:in\s+)?(?:response|reply|answer)\s+to\s+|re:?\s+)"

_QMARK = re.compile(
    rf"(?P<open>[\(\[]\s*)?{_Q_WORD}\s*[.#]?\s*(?P<num>\d{{1,3}}){_SUB}?\s*[\)\]]?"
    # Not a date: "Request 26-01-2022" is when it came, not request 26.
    r"(?P<term>\s*(?:[:.)\]|]|[\-–—](?!\d))|(?=\s)|$)",
    re.IGNORECASE,
)
_AMARK = re.compile(
    rf"(?:{_RESPONSE_TO}{_Q_WORD}|{_A_WORD})\s*[.#]?\s*(?P<num>\d{{1,3}}){_SUB}?\s*[\)\]]?"
    # Not a date: "Response 09-04-2020" is when, not which.
    r"(?P<term>\s*(?:[:.)\]|,]|[\-–—](?!\d))|$)",
    re.IGNORECASE,
)
# "2(a) How many": the bracket ends the marker, no terminator needed.
_SUBMARK = re.compile(
    r"(?P<num>\d{1,3})\s?\(\s*(?P<subp>[a-zA-Z]|[ivxIVX]{1,5})\s*\)(?:\s*[.):\-–—])?(?=\s|$)"
)
_BARE_SUBLABEL = re.compile(r"(?P<num>\d{1,2})(?P<subl>[a-z])\s+(?=\S)")
_LONGMARK = re.compile(r"(?P<num>[1-9]\d{3,4})[.)](?=\s)")
_DASHDIGIT = re.compile(r"(?P<num>\d{1,3})\s+[-–—]\s+(?=£?\d)")
_BRACKETMARK = re.compile(rf"[\(\[]\s*(?P<num>\d{{1,3}}){_SUB}?\s*[\)\]]")
_NUMMARK = re.compile(rf"(?P<num>\d{{1,3}}){_SUB}?{_NUM_TERM}")
# "2.1 How many...": a decimal sub-number needs a capital (or quote) after it ("1.5 million").
_DECIMALMARK = re.compile(r"(?P<num>\d{1,3})\.(?P<sub>\d{1,2})[.):]?(?=\s+[A-Z\"“(])")
_LETMARK = re.compile(
    r"(?:\(\s*(?P<plet>[a-zA-Z]|[ivxIVX]{2,6})\s*\)"
    r"|(?P<let>[a-z]|[ivx]{2,6})(?:\)|\.(?=\s))"
    r"|(?P<ulet>[A-Z]|[IVX]{2,6})\))"
)
# Bullets as typed, and as they arrive from Word through a wrong encoding: U+FFFD (a bullet
# the page could not decode) and U+F0B7 (Word's Symbol-font bullet).
BULLET_GLYPHS = frozenset("-*•·▪◦‣⁃–—\ufffd\uf0b7")
_BULLET = re.compile(r"^[-*•·▪◦‣⁃–—\ufffd\uf0b7]\s+")

# "Q3 and Q4:", "Questions 2-4:", "Q2 & 3", "1) and 2)", "(1) and (2)", "Answers to questions
# 1 and 2:": answers covering several questions. Each number may carry its own bracket or dot.
_LABEL = r"\d{1,3}(?:[a-zA-Z](?![a-zA-Z])|\(\s*(?:[a-zA-Z]|[ivx]{1,5})\s*\))?"
_JOIN_WORD = r"(?:,|&|\+|/|\band\b|\bor\b|\bto\b|[-–—])"
_ITEM = rf"(?:[(\[]\s*)?(?:(?:q(?:uestion)?|part|request)\s*\.?\s*)?{_LABEL}(?:\s*[)\]]|\.(?=\s))?"
_MULTI = re.compile(
    r"(?P<lead>(?:in\s+)?(?:response|reply|answers?)\s+to\s+|re:?\s+)?"
    r"(?P<q>(?:q(?:uestion)?s?|qs|q's|answers?|(?P<weak>parts?|items?|points?|requests?))\s*\.?\s*)?"
    rf"(?P<list>{_ITEM}(?:\s*{_JOIN_WORD}\s*{_ITEM})+)"
    r"(?P<term>\s*[:.)\-–—](?=\s|$|[A-Z])|\s*$|(?=\s))",
    re.IGNORECASE,
)
_MULTI_PART = re.compile(
    rf"(?P<sep>[\s)\].]*{_JOIN_WORD}[\s(\[]*)?(?:(?:q(?:uestion)?|part|request)\s*\.?\s*)?"
    r"(?P<num>\d{1,3})"
    r"(?:(?P<subl>[a-zA-Z])(?![a-zA-Z])|\(\s*(?P<subp>[a-zA-Z]|[ivx]{1,5})\s*\))?",
    re.IGNORECASE,
)
_MULTI_FIRST = frozenset("0123456789QqAaRrIiPp([")
_SEP_STRIP = " \t\u00a0()[]."
_SPACED_DASH = re.compile(r"\s[-–—]\s")
# "Q1 2023", "Q2 of 2024/25": a quarter of a year, not question 1.
_QUARTER = re.compile(r"\s*(?:of\s+|/\s*)?(?:(?:19|20)\d\d|\d\d\s*/\s*\d\d)\b", re.IGNORECASE)
_BODY_LEAD = re.compile(r"[\s:.)\]\-–—|,]+")
_MAX_RANGE = 50
# A marker that starts with a letter is a letter or roman numeral with its bracket or dot, or
# a word ("Q", "Question", "In response to questions") with a number soon after. Possessive:
# the letters and non-digits cannot be what follows them, so giving some back never helps, and
# prose (no digit) fails after one scan instead of backtracking through it.
_ALPHA_GATE = re.compile(r"[a-zA-Z]{1,6}+[.)]|[^0-9]{0,48}+[0-9]")


def bullet_body(text: str) -> str | None:
    """The text after a leading bullet glyph ("- ", "• "), or None when there is none."""
    m = _BULLET.match(text)
    return text[m.end() :] if m else None


def parse_marker(text: str, answers: bool = False) -> Marker | None:
    """The marker at the start of `text`, or None. `answers` admits joint and ``A1:`` forms."""
    if not text or len(text) < 2:
        return None
    first = text[0]
    if first.isalpha() and (words := _WORD_NUMBER.match(text)):
        # "Part One", "Question Three": the number written as a word.
        number = _NUMBER_WORDS[words.group("num").lower()]
        text = f"{words.group('word')} {number}{text[words.end() :]}"
    if first.isalpha() and not _ALPHA_GATE.match(text):
        return None  # prose: no "a)"/"ii." and no number near the start ("Q1", "Question 12")
    if answers and first in _MULTI_FIRST:
        multi = _parse_multi(text)
        if multi is not None:
            return multi
    if answers and first in "AaRrIiPp":
        m = _AMARK.match(text)
        if m:
            return _numbered(m, "qnum", text)
    if first in "QqIiPpRr#([":
        m = _QMARK.match(text)
        if m and _q_word_ok(m, text):
            return _numbered(m, "qnum", text)
    if first in "([":
        m = _BRACKETMARK.match(text)
        if m:
            return _numbered(m, "num", text)
    if first.isdigit():
        m = _NUMMARK.match(text)
        if m:
            return _numbered(m, "num", text)
        m = _SUBMARK.match(text)
        if m:
            sub = m.group("subp")
            path = (str(int(m.group("num"))), sub.lower())
            return Marker(path, letter_kind(sub), _body(text, m.end()))
        if answers:
            m = _DASHDIGIT.match(text)
            if m:
                return Marker((str(int(m.group("num"))),), "num", text[m.end() :], weak=True)
            m = _BARE_SUBLABEL.match(text)
            if m:
                # "1a 2020: 16,966", "1b 2011: Unavailable": a response's parts of answer 1.
                sub = m.group("subl")
                return Marker((str(int(m.group("num"))), sub), "letter", text[m.end() :])
            m = _LONGMARK.match(text)
            if m:
                # "1000. Yes": an answer to question 1000 of a long request, but "2023. The
                # figures ..." is a year: only a marker when the request has such a question.
                return Marker((str(int(m.group("num"))),), "num", _body(text, m.end()), weak=True)
        m = _DECIMALMARK.match(text)
        if m:
            path = (str(int(m.group("num"))), str(int(m.group("sub"))))
            return Marker(path, "num", _body(text, m.end()))
    if first.isalpha() or first == "(":
        m = _LETMARK.match(text)
        if m:
            token = m.group("plet") or m.group("let") or m.group("ulet")
            kind = letter_kind(token)
            lower = token.lower()
            if kind in ("roman", "ROMAN") and roman_value(lower) is None:
                return None
            return Marker((lower,), kind, _body(text, m.end()))
    return None


_NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve".split(), start=1
    )
}
_WORD_NUMBER = re.compile(
    r"(?P<word>part|question|request|item|point)\s+(?P<num>one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve)\b",
    re.IGNORECASE,
)


def _q_word_ok(m: re.Match[str], text: str) -> bool:
    word_end = m.start("num")
    head = text[:word_end].lower()
    # "Request 1", "Item 1", "Point 1" and "#1" need a terminator; bare "Q1"/"Question 1" don't.
    # (Plain "in" tests: any() over a generator costs more, and this runs for every "Q1".)
    # A heading line that is only "Request 1" or "Part 2" is a marker too (its text follows).
    if (
        ("request" in head or "item" in head or "point" in head or "part" in head)
        and not m.group("term").strip()
        and text[m.end() :].strip()
    ):
        return False
    # "Q1 2023" is a quarter.
    word = head.lstrip(" ([").rstrip(" .#")
    # _QUARTER matches in place: no copy of the rest of the text.
    return not (
        word in ("q", "qn")
        and m.group("num") in ("1", "2", "3", "4")
        and _QUARTER.match(text, m.end("num"))
    )


def _numbered(m: re.Match[str], kind: str, text: str) -> Marker:
    num, subl, subp, subn = m.group("num", "subl", "subp", "subn")
    num = num.lstrip("0") or "0"  # "01" -> "1", as int() would
    body = _body(text, m.end())
    sub = subl or subp
    if sub:
        return Marker((num, sub.lower()), letter_kind(sub), body)
    if subn:
        return Marker((num, subn), "num", body)
    return Marker((num,), kind, body)


def _parse_multi(text: str) -> Marker | None:
    m = _MULTI.match(text)
    if not m:
        return None
    term = m.group("term")
    listed = m.group("list")
    # A number's own bracket or dot ("1) and 2)") terminates the list as ":" would.
    terminated = bool(term.strip()) or listed[-1] in ").]"
    if not terminated:
        # "1 and 2 were...", "Parts 1 and 2 were..." need a terminator to be a marker.
        needs_term = m.group("weak") or not (m.group("q") or m.group("lead"))
        if needs_term and text[m.end() :].strip():
            return None
        if _SPACED_DASH.search(listed):
            return None  # "Q1 - 3 members of staff": an answer after a dash, not a range
    labels: list[tuple[str, ...]] = []
    prev_num: int | None = None
    for part in _MULTI_PART.finditer(listed):
        num = int(part.group("num"))
        sub = part.group("subl") or part.group("subp")
        sep = (part.group("sep") or "").strip(_SEP_STRIP).lower()
        if sep in ("to", "-", "–", "—") and prev_num is not None and sub is None:
            if not prev_num < num <= prev_num + _MAX_RANGE:
                return None
            labels.extend((str(n),) for n in range(prev_num + 1, num + 1))
        else:
            labels.append((str(num), sub.lower()) if sub else (str(num),))
        prev_num = num if sub is None else None
    if len(labels) < 2:
        return None
    kind = "qnum" if m.group("q") or m.group("lead") else "num"
    return Marker(labels[0], kind, _body(text, m.end()), tuple(labels[1:]))


def _body(text: str, end: int) -> str:
    m = _BODY_LEAD.match(text, end)
    return text[m.end() if m else end :]
