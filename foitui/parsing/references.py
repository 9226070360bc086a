"""References to other requests ("FOI 11726", "EIR 2023/101", "reference number 11726") and
the response's own reference ("Our ref: FOI 12345").

A reference is either a request scheme followed by a number (FOI, FOIR, EIR, IR, RFI; the id
keeps its zeros and separators as written), anywhere in a sentence ("I asked about this in FOI
9931", "as per FOI9931", "(see EIR 2023/101)"), or a bare number after words that say it is a
request's reference ("our ref:", "reference number", "previous request", "my earlier request,
reference 20456"). Numbers that are
something else are left alone: phone numbers, years and financial years, dates, money,
"section 12", law names ("FOIA 2000", "EIR 2004"), planning applications ("23/01234/FUL"),
ICO cases ("IC-123456-A1B2", "FS50812345"), roads and postcodes. Precision matters more than
recall here: a wrong link is worse than a missing one.

The response's own reference is what it calls its own: "Our reference: X" / "Our ref: X" (in
the letterhead or sign-off, or opening a block), a letterhead "Ref: X", "please quote reference
X" anywhere, or "Thank you for your request (reference X)" at the top; X may hold letters and
slashes ("LBC/FOI/24/0619", "IM-FOI-2024-0611"). "Your request FOI 38107" in any other sentence
("identical to your request FOI 38107") names another case, so it is a reference.

Speed: the patterns run on the lower-cased text and start with a literal ("foi", "ir", "re"),
which Python's ``re`` finds quickly; what a leading ``\\b`` would check is checked in code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from foitui.models import Reference
from foitui.parsing.html import Block

_SEP = (
    r"\s*(?:[-/:#.]\s*)?(?:(?:request|req|ref(?:erence)?|case|no|number)\.?\s*"
    r"(?:(?:no|number|ref(?:erence)?)\.?\s*)?[:#.]?\s*)?"
)
# Digits joined by "/" or "-" ("2023/0456"); "2016 - 00140" with a spaced dash is one id too.
_ID = r"(?P<id>\d(?:(?:[\d/\-]|\s[-–]\s(?=\d))*\d)?)(?![\w]|[/\-]\w|[.,]\d)"
# "foi..." (FOI, FOIR, FOIA, FOISA), "...ir" (IR, EIR, EIRs), "rfi". The "e" of "EIR" and the
# character before the scheme are checked in code. One pattern per scheme, each starting with
# its literal, which ``re`` finds quickly: one alternation of the three would stop at every
# "f", "i" and "r" of the text (four times slower). `_merged_finditer` merges them.
_SCHEME_REFS = (
    re.compile(r"foi(?P<tail>r|sa|a)?(?![a-z])" + _SEP + _ID),
    re.compile(r"irs?(?![a-z])" + _SEP + _ID),
    re.compile(r"rfi(?![a-z])" + _SEP + _ID),
    re.compile(r"sar(?![a-z])" + _SEP + _ID),
)
_SCHEME_LITERALS = ("foi", "ir", "rfi", "sar")  # what each of _SCHEME_REFS starts with
# "ref", "ref.", "reference", "request", then an optional "number"/"no."/":" and the id.
_CONTEXT_TAIL = (
    r"(?![a-z])(?P<suffix>\s+(?:no\.?|number|ref(?:erence)?\.?(?:\s+(?:no\.?|number))?))?"
    r"\s*(?P<colon>[:#])?\s*(?:(?:was|is)\s+)?\(?\s*" + _ID
)
# One pattern per keyword, each starting with its literal ("ref", "request"), merged in order
# by `_merged_finditer`: one pattern "re(?:f...|quest)" would stop at every "re" of the text.
_CONTEXT_REFS = (
    re.compile(r"ref(?:erence)?\.?" + _CONTEXT_TAIL),
    re.compile(r"request" + _CONTEXT_TAIL),
)
_CONTEXT_LITERALS = ("ref", "request")
# Without "number" or ":", a bare "reference 123" / "request 123" needs a word before it.
_REF_QUALIFIER = re.compile(
    r"(?:(?:^|[^a-z])(?:our|your|my|the|previous|earlier|prior|original|last|former|related|"
    r"separate|same|first|second|above|other|linked|under|quoting)\s+(?:(?:foi|eir|information|"
    r"freedom of information)\s+)?|request\s*[,(\-–—]\s*)$"
)
# A number after these words is some other kind of reference.
_FOREIGN = re.compile(
    r"(?:planning|application|ico|commissioner|case|invoice|account|customer|crime|incident|"
    r"complaint|tax|vat|nhs|pcn|penalty|licen[cs]e|permit|order|purchase|booking|tracking|"
    r"claim|payroll|employee|property|uprn|registration|company|charity|policy|vacancy|court|"
    r"tribunal|decision notice|phone|telephone|tel|mobile|fax)\b[^.]{0,25}$"
)
# A request scheme ("FOI 123") says what the number is: only a word right before it
# ("invoice FOI-123", "incident ref IR/123") makes it something else. Phone words never do.
_FOREIGN_SCHEME = re.compile(
    r"(?:^|[^a-z])(?:planning|application|ico|commissioner|case|invoice|account|customer|crime|"
    r"incident|complaint|tax|vat|nhs|pcn|penalty|licen[cs]e|permit|order|purchase|booking|"
    r"tracking|claim|payroll|employee|property|uprn|registration|company|charity|policy|vacancy"
    r"|court|tribunal|decision notice)\s+(?:(?:ref(?:erence)?|no|number)\.?\s*[:#]?\s*)?$"
)
_LAW_YEARS = frozenset(("1992", "2000", "2002", "2004"))
_LAW_AFTER = re.compile(r"\s*(?:act|regulations|regs)\b")
_FINANCIAL_YEAR = re.compile(r"^(?:19|20)(\d\d)[/\-](\d\d)$")
_DATE = re.compile(r"^\d{1,2}[/\-]\d{1,2}[/\-](?:\d{2}|\d{4})$")
_YEAR = re.compile(r"^(?:199\d|20[0-3]\d)$")
_PHONE_AFTER = re.compile(r"\s\d{3}")
_DIGITS = re.compile(r"[0-9][0-9]")
_SPACED_DASH = re.compile(r"\s[-–]\s")
_YEAR_RANGE = re.compile(r"^(?:19|20)\d\d\s?[-/–]\s?(?:19|20)\d\d$")
_LONG_DIGITS = re.compile(r"[0-9]{9}")  # a pre-filter: ASCII ranges scan faster than \d
_MIN_DIGITS = 3

# The response naming itself: "Our ref: FOI 12345", "Reference: 123", "Re: FOI 12345",
# "Please quote reference LBC/FOI/24/0619".
_OUR_REF = re.compile(r"our\s+ref(?:erence)?\.?(?:\s*(?:no\.?|number))?\s*[:#./]?\s*")
_REF_LABEL = re.compile(
    r"(?:(?:request|foi|eir|information request)\s+)?ref(?:erence)?\.?(?:\s*(?:no\.?|number))?"
    r"\s*[:#]\s*"
)
_QUOTE_REF = re.compile(
    r"quot(?:e|ing)\s+(?:(?:our|the|this|your)\s+)?(?:(?:foi|eir|request|case)\s+)?"
    r"(?:(?:ref(?:erence)?\.?(?:\s*(?:no\.?|number))?\s*[:#]?\s*)|(?=(?:foi|eir|ir|rfi)))"
)
_SUBJECT_LINE = re.compile(r"(?:re|subject|request)\s*:")
# An own reference as written: an optional scheme, then letters and digits joined by "/", "-",
# "_" (or "." between digits): "FOI 2024/1044", "LBC/FOI/24/0619", "IM-FOI-2024-0611".
_OWN_TOKEN = re.compile(
    r"(?:(?P<scheme>foir|foisa|foia|foi|eirs|eir|ir|rfi)(?![a-z])\s*[-/:#.]?\s*(?=\d))?"
    r"(?P<id>[a-z0-9]+(?:[/\-_][a-z0-9]+|\.\d+)*)"
)
# "Thank you for your request (reference FOI 5521) received on 1 May": this request, named
# as such in an acknowledging sentence. "Your request FOI 38107" in any other sentence
# ("identical to your request FOI 38107") is another case.
_ACK_SENTENCE = re.compile(
    r"\s*(?:thank you|thanks|we (?:have |had |acknowledge |write |are writing )?(?:received|"
    r"acknowledge|write|writing)|i (?:acknowledge|write|am writing)|this (?:letter|email|e-mail)"
    r" (?:acknowledges|responds|is in response)|in response to|further to)\b"
)
_YOUR_REQUEST = re.compile(
    r"your\b[^.]{0,40}\b(?:request|e-?mail|enquiry|correspondence|application)\b"
)
_REF_WORD = re.compile(r"ref(?:erence)?\.?(?:\s*(?:no\.?|number))?\s*[:#]?\s*")
_OTHER_CASE = re.compile(
    r"\b(?:previous|earlier|prior|last|original|former|identical|same|similar|repeat\w*|"
    r"refer|referred|follow\w*|since|as with|before|again)\b"
)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?](?!\d)|$)")
_HEADER_BLOCKS = 3  # own references sit in the first or last few blocks of a response

Own = tuple[str | None, str]  # (scheme, id)


def _lower(text: str) -> str:
    """Lower case with every character in place, so spans index the original text."""
    low = text.lower()
    if len(low) != len(text):  # "İ" lower-cases to two characters
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low


def _is_number_not_ref(low: str, end: int, ident: str, bare: bool) -> bool:
    """Whether the id of a match is a year, date, phone number or law name, not a request."""
    if sum(map(str.isdigit, ident)) < _MIN_DIGITS:  # map: no generator per character
        return True
    after = low[end : end + 14]
    if _LAW_AFTER.match(after):
        return True
    if _PHONE_AFTER.match(after) and "/" not in ident and "-" not in ident:
        return True
    if _DATE.match(ident):
        return True
    fy = _FINANCIAL_YEAR.match(ident)
    if fy and (int(fy.group(1)) + 1) % 100 == int(fy.group(2)):
        return True
    return bool(bare and _YEAR.match(ident))


def _boundary_before(low: str, start: int) -> bool:
    return start == 0 or not (low[start - 1].isalnum() or low[start - 1] in "/-._")


# A reference found in a block: (start, end, text as written, scheme, id).
Found = tuple[int, int, str, str | None, str]


def _merged_finditer(
    patterns: tuple[re.Pattern[str], ...], literals: tuple[str, ...], low: str
) -> Iterator[re.Match[str]]:
    """The matches of `patterns` in order and without overlaps: what one alternation of them
    would find. Each match starts with its pattern's own literal and no two literals start
    alike, so two patterns never match at one position; the earliest match wins, and a pattern
    whose next match overlaps it searches again after it."""
    # A pattern whose literal is not in the text finds nothing: no regex call for it.
    found = [
        pattern.search(low) if literal in low else None
        for pattern, literal in zip(patterns, literals, strict=True)
    ]
    while True:
        best: re.Match[str] | None = None
        for m in found:
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            return
        yield best
        end = best.end()
        for i, m in enumerate(found):
            if m is not None and m.start() < end:
                found[i] = patterns[i].search(low, end)


def _scheme_matches(text: str, low: str) -> list[Found]:
    out: list[Found] = []
    if "foi" not in low and "ir" not in low and "rfi" not in low and "sar" not in low:
        return out
    for m in _merged_finditer(_SCHEME_REFS, _SCHEME_LITERALS, low):
        start = m.start()
        first = low[start]
        if first == "f":
            tail = m.group("tail")
            scheme = "FOI" + tail.upper() if tail else "FOI"
        elif first == "r":
            scheme = "RFI"
        elif first == "s":
            scheme = "SAR"  # a subject access request's number
        elif start and low[start - 1] == "e":
            start -= 1  # "EIR", "EIRs"
            scheme = "EIR"
        else:
            scheme = "IR"
        if not _boundary_before(low, start):
            continue
        ident = m.group("id")
        if " " in ident:
            ident = _SPACED_DASH.sub("-", ident)
        if scheme in ("FOIA", "FOISA", "FOI", "EIR") and ident in _LAW_YEARS:
            continue  # "FOIA 2000", "EIR 2004": the law, not a request
        if _is_number_not_ref(low, m.end(), ident, bare=False):
            continue
        if _FOREIGN_SCHEME.search(low, max(0, start - 40), start):
            continue
        out.append((start, m.end(), " ".join(text[start : m.end()].split()), scheme, ident))
    return out


def _context_matches(low: str, header: bool) -> list[Found]:
    out: list[Found] = []
    if "ref" not in low and "request" not in low:
        return out
    for m in _merged_finditer(_CONTEXT_REFS, _CONTEXT_LITERALS, low):
        start = m.start()
        if start and low[start - 1].isalpha():
            continue  # "prefer", "correct"
        ident = m.group("id")
        if not (m.group("suffix") or m.group("colon")):
            before = low[max(0, start - 40) : start]
            qualifier = _REF_QUALIFIER.search(before)
            if qualifier is None:
                continue
            if header and before.rstrip().endswith(("your", "our")):
                continue  # "Your ref"/"Our ref" in a response's letterhead: this request
        elif header and low[max(0, start - 5) : start].strip() in ("your", "our"):
            continue
        if _is_number_not_ref(low, m.end(), ident, bare=True):
            continue
        if _FOREIGN.search(low, max(0, start - 40), m.start("id")):
            continue
        out.append((m.start("id"), m.end(), ident, None, ident))
    return out


# Case numbers of nine digits or more (the Scottish Government's "202300384280", Moray's
# "101003529885") after a word that says what they are: "Review of 101003529885", "(reference
# 1010000000001)", "Your FOI Request (1010000000002)", "case reference numbers 202500453159
# and 202500453160". Shorter bare numbers need the stricter cues of _CONTEXT_REFS.
_LONG_CUE = re.compile(
    r"(?:review of|ref(?:erence)?s?(?:\s+(?:no\.?|numbers?))?|requests?|case(?:\s+numbers?)?|"
    r"case reference(?:\s+numbers?)?|foi|eir)\s*[:#]?\s*\(?\s*(?P<id>[1-9]\d{8,15})(?!\d)"
)
_LONG_MORE = re.compile(r"\s*(?:,|and|&)\s*\(?\s*(?P<id>[1-9]\d{8,15})(?!\d)")


def _long_matches(low: str) -> list[Found]:
    out: list[Found] = []
    for m in _LONG_CUE.finditer(low):
        if m.start() and low[m.start() - 1].isalpha():
            continue
        if _FOREIGN.search(low, max(0, m.start() - 40), m.start()):
            continue
        out.append((m.start("id"), m.end("id"), m.group("id"), None, m.group("id")))
        more = _LONG_MORE.match(low, m.end())
        while more:
            out.append((more.start("id"), more.end("id"), more.group("id"), None, more.group("id")))
            more = _LONG_MORE.match(low, more.end())
    return out


# A WhatDoTheyKnow request's address names that request: "whatdotheyknow.com/request/slug".
_WDTK = re.compile(r"whatdotheyknow\.com/request/(?P<id>[a-z0-9_\-]+)")


def _wdtk_matches(text: str, low: str) -> list[Found]:
    if "whatdotheyknow.com/request/" not in low:
        return []
    return [
        (m.start(), m.end(), text[m.start() : m.end()], "WDTK", m.group("id"))
        for m in _WDTK.finditer(low)
    ]


def _block_refs(text: str, header: bool) -> list[Found]:
    low = _lower(text)
    found = _scheme_matches(text, low) + _context_matches(low, header)
    if _LONG_DIGITS.search(low):
        found += _long_matches(low)
    found += _wdtk_matches(text, low)
    if len(found) < 2:
        return found
    found.sort(key=lambda t: t[0])
    refs: list[Found] = []
    end = -1
    for ref in found:
        if ref[0] < end:
            continue  # overlapping: "our ref: FOI 123" is one reference, found once
        refs.append(ref)
        end = ref[1]
    return refs


def find_own_ref(blocks: list[Block]) -> Own | None:
    """The response's own reference as (scheme, id): "Our ref: X" (in the letterhead or sign-off,
    or opening any block), a letterhead "Ref: X" or "Re: FOI X", "please quote reference X"
    anywhere, or "Thank you for your request (reference X)" at the top."""
    n = len(blocks)
    for index, block in enumerate(blocks):
        text = block.text
        if not _DIGITS.search(text):
            continue
        low = _lower(text)
        head = index < _HEADER_BLOCKS
        edge = head or index >= n - _HEADER_BLOCKS
        for m in _OUR_REF.finditer(low) if "our" in low else ():
            if (edge or m.start() == 0) and _boundary_before(low, m.start()):
                own = _own_token(text, low, m.end())
                if own is not None:
                    return own
        if edge:
            m = _REF_LABEL.match(low)
            if m:
                own = _own_token(text, low, m.end())
                if own is not None:
                    return own
        if "quot" in low:
            for m in _QUOTE_REF.finditer(low):
                if _boundary_before(low, m.start()):
                    own = _own_token(text, low, m.end())
                    if own is not None:
                        return own
        if head and _SUBJECT_LINE.match(low):
            found = _scheme_matches(text, low)
            if found:
                return found[0][3], found[0][4]
        if head and "your" in low:
            own = _acknowledged_ref(text, low)
            if own is not None:
                return own
    return None


# Disclosure-log pages and letters put the case's own number in a heading: "FI16402",
# "FOI 6883", "Drones (3300/18)", "NFRS 2024 03 - Staffing", "Request for Information: ATISN
# 15980 – Location of coal tips", "Request Number: FOI/14763", "Reference | FOI 2025/1213", or a
# label block ("FOI ID number", "Reference number") with the number alone in the next block.
_HEAD_LABEL = (
    r"(?:(?:foi|eir|freedom of information|information|foisa)\s+)?(?:(?:regulations|act)\s+)?"
    r"(?:request(?:\s+for\s+information)?|reference|ref\.?|case|foi|eir)"
    r"(?:\s+(?:request|reference|ref\.?|id))*(?:\s+(?:number|no\.?))?"
)
_HEAD_TOKEN = (
    r"(?P<tok>(?:[a-z]{1,6}(?:[\s/\-][a-z]{1,6})?\s?[\s/\-:]?\s?)?\d[\d/\-]*\d(?:[a-z]?/\d+)?"
    r"(?:\s\d{2,4}){0,2}|\d+(?:\.[a-z0-9]+){2,})"
)
_HEAD_REFS = (
    # "Request Number: FOI/14763", "FI16402", "NFRS 2024 03 - Staffing"
    re.compile(
        rf"^(?P<label>(?:{_HEAD_LABEL})\s*[:|#\-–—]?\s*)?{_HEAD_TOKEN}"
        r"(?:\s*[-–—:|]\s+[^.?!]{0,80}|\s*\([^()]{0,40}\))?$"
    ),
    # "Drones (3300/18)", "FOI request (FOIR-496350235)"
    re.compile(rf"^(?P<label>[^.?!():|]{{1,60}}?)\(\s*{_HEAD_TOKEN}\s*\)$"),
    # "Customer First Centres - 553/20"
    re.compile(rf"^(?P<label>[^.?!():|]{{1,60}}?)\s[-–—]\s{_HEAD_TOKEN}$"),
)
_HEAD_LABEL_ONLY = re.compile(rf"^{_HEAD_LABEL}\s*:?$")
_HEAD_SCHEME = re.compile(r"^(?P<scheme>foir|foisa|foia|foi|eirs|eir|ir|rfi)\s*[-/:#.]?\s*(?=\d)")
_HEAD_BLOCKS = 8
_TAIL_BLOCKS = 6
_MAX_HEADING = 120


def find_heading_ref(blocks: list[Block]) -> Own | None:
    """The case's own number given as a heading in the first (or last) few blocks."""
    n = len(blocks)
    edge = [*range(min(_HEAD_BLOCKS, n)), *range(max(_HEAD_BLOCKS, n - _TAIL_BLOCKS), n)]
    for index in edge:
        under_label = index > 0 and _HEAD_LABEL_ONLY.match(_lower(blocks[index - 1].text))
        own = heading_ref(blocks[index].text, alone_ok=index == 0 or bool(under_label))
        if own is not None:
            return own
    return None


def heading_ref(text: str, alone_ok: bool = True) -> Own | None:
    """The case number a heading line gives ("FI16402", "Drones (3300/18)", "Request Number:
    FOI/14763"), or None. `alone_ok`: whether a number with no label may count (at the very
    top of a page, or under a label line)."""
    if len(text) > _MAX_HEADING or not _DIGITS.search(text):
        return None
    low = _lower(text).strip()
    m = next((m for p in _HEAD_REFS if (m := p.match(low))), None)
    if m is None:
        return None
    alone = m.group("label") is None and m.end("tok") == len(low)
    if alone and not alone_ok:
        return None
    return _heading_token(text, low, m.group("tok"), m.group("label") or "")


def _heading_token(text: str, low: str, tok: str, label: str) -> Own | None:
    start = low.index(tok)
    written = " ".join(text.strip()[start : start + len(tok)].split())
    number = _LETTER_PREFIX.sub("", written)
    prefix = written[: len(written) - len(number)].strip(" /-:")
    if prefix and not prefix.isupper():
        return None  # "Winter 2023/24": a case prefix is written in capitals (FI, NFRS, ATISN)
    if sum(map(str.isdigit, number)) < _MIN_DIGITS or tok in _LAW_YEARS:
        return None
    if (
        _DATE.match(number)
        or _YEAR.match(number)
        or _FINANCIAL_YEAR.match(number)
        or _YEAR_RANGE.match(number)
    ):
        return None
    m = _HEAD_SCHEME.match(tok)
    if m:
        return _scheme_name(m.group("scheme")), written[m.end() :].strip()
    scheme = _LABEL_SCHEME.search(label)
    if scheme and not prefix:
        return _scheme_name(scheme.group(1)), written
    return None, written


def _scheme_name(raw: str) -> str:
    """ "foi" -> "FOI", "eirs" -> "EIR": a scheme as references name it."""
    return "EIR" if raw == "eirs" else raw.upper()


_LETTER_PREFIX = re.compile(r"^[A-Za-z][A-Za-z /:-]*")
# "FOI 6883": the label's last word is the scheme of the number after it.
_LABEL_SCHEME = re.compile(r"(?:^|\s)(foir|foi|eirs|eir)\s*[:|#\-–—]?\s*$")


def _acknowledged_ref(text: str, low: str) -> Own | None:
    """ "Thank you for your request, reference FOI 5521, ...": the request being answered."""
    for sentence in _SENTENCE.finditer(low):
        words = sentence.group()
        if not _ACK_SENTENCE.match(words) or _OTHER_CASE.search(words):
            continue
        if not _YOUR_REQUEST.search(words):
            continue
        start = sentence.start()
        for m in _REF_WORD.finditer(words):
            if m.start() and words[m.start() - 1].isalpha():
                continue
            own = _own_token(text, low, start + m.end())
            if own is not None:
                return own
        found = _scheme_matches(text[start : sentence.end()], words)
        if found and words.lstrip().startswith(("thank", "we ")):
            return found[0][3], found[0][4]
    return None


def _own_token(text: str, low: str, pos: int) -> Own | None:
    m = _OWN_TOKEN.match(low, pos)
    if not m:
        return None
    ident = text[m.start("id") : m.end("id")]
    if sum(map(str.isdigit, ident)) < _MIN_DIGITS:  # map: no generator per character
        return None
    raw = m.group("scheme")
    return (_scheme_name(raw) if raw else None), ident


def own_ref_text(own: Own) -> str:
    """ "FOI 12345" for a scheme and id, the id alone otherwise."""
    scheme, ident = own
    return f"{scheme} {ident}" if scheme else ident


# Joins the blocks of a run so that the patterns scan them in one pass. No pattern crosses it:
# spacing ("\s*") stops at the NULs, the look-backs ("[^.]{0,25}$") at the dot, and a word
# boundary holds on both sides.
_BLOCK_JOIN = "\n\x00.\x00\n"


def find_references(
    request: list[Block], response: list[Block], own: Own | None = None
) -> list[Reference]:
    """References to other requests: request first, then response, each once, never `own`.

    The blocks are scanned in runs that share the letterhead flag (the request; the first,
    middle and last blocks of the response), each run as one text: a few regex passes per
    record instead of a few per block."""
    refs: list[Reference] = []
    seen: set[tuple[str | None, str]] = set()
    seen_ids: set[str] = set()
    n = len(response)
    head = min(_HEADER_BLOCKS, n)
    tail = max(head, n - _HEADER_BLOCKS)
    runs = (
        (request, False),
        (response[:head], True),
        (response[head:tail], False),
        (response[tail:], True),
    )
    for blocks, header in runs:
        if not blocks:
            continue
        text = blocks[0].text if len(blocks) == 1 else _BLOCK_JOIN.join(b.text for b in blocks)
        if not _DIGITS.search(text):
            continue
        for _start, _end, written, scheme, ident in _block_refs(text, header):
            if own is not None and ident == own[1] and (own[0] is None or scheme in (own[0], None)):
                continue
            key = (scheme, ident)
            if key in seen or (scheme is None and ident in seen_ids):
                continue
            seen.add(key)
            seen_ids.add(ident)
            refs.append(Reference(text=written, scheme=scheme, id=ident))
    return refs
