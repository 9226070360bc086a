"""A short title for a request that came without one.

The subject named in the opening ("information relating to X") when there is one, else the first
sentence that is not a greeting or FOI boilerplate ("Under the Freedom of Information Act 2000,
please provide..."), cut to whole words within 80 characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain, islice

from foitui.parsing.asks import sentences
from foitui.parsing.html import plain_blocks, to_blocks
from foitui.parsing.markers import bullet_body, parse_marker
from foitui.parsing.text import collapse, is_salutation, is_sign_off, may_start

MAX_TITLE = 80
_SCAN = 2000  # how much of a block a title is looked for in
_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")  # as html.plain_blocks splits paragraphs

_SUBJECT_TAIL = (
    r"\s+(?:relating to|in relation to|regarding|concerning|about|on the subject of|with regard to"
    r"|in respect of|on)\s+(?P<subject>[^.?!:;]{12,})"
)
_SUBJECT = re.compile(
    r"\b(?:information|data|details|figures|statistics|request|documents?|records?)"
    + _SUBJECT_TAIL,
    re.IGNORECASE,
)
# _SUBJECT for lower-cased ASCII text, where it finds the same spans. Each word comes first and
# a look-behind after it checks the ``\b``: a pattern that starts with ``\b`` (or ignores case)
# makes ``re`` try every position, one that starts with a choice of literals lets it skip to
# the candidates, several times faster. (No two words start alike at one position, so their
# order does not matter.)
_SUBJECT_ASCII = re.compile(
    r"(?:information(?<!\winformation)|data(?<!\wdata)|details(?<!\wdetails)"
    r"|figures(?<!\wfigures)|statistics(?<!\wstatistics)|request(?<!\wrequest)"
    r"|document(?<!\wdocument)s?|record(?<!\wrecord)s?)" + _SUBJECT_TAIL
)
_OPENER = re.compile(
    r"^(?:"
    r"(?:under|in accordance with|pursuant to|using) (?:the )?(?:terms of )?(?:the )?(?:provisions "
    r"of )?(?:freedom of information(?: \(scotland\))? act|foi(?:s?a)?|environmental information"
    r" regulations|eirs?)(?: act)?(?: \d{4})?,?\s*"
    r"|(?:i am|i'm|we are) (?:writing|making|submitting)[^,.:]{0,80}?(?:request|information)\b"
    r"(?: under [^,.:]{0,60})?[,.:]?\s*"
    r"|(?:i|we) (?:would like|wish|want)(?: to)? (?:request|make a request for|ask for|know|"
    r"receive|obtain|see)\s*"
    r"|(?:could|can|would|will) you (?:please )?(?:provide|supply|send|tell|give|let)(?: me| us)?"
    r"(?: know)?(?: with)?\s*"
    r"|(?:please )?(?:could|can|would) you (?:please )?"
    r"|please (?:provide|supply|send|tell|give|let|disclose)(?: me| us)?(?: know)?(?: with)?\s*"
    r"|(?:this is|here is|i make) a (?:new )?(?:freedom of information |foi |eir )?request\b"
    r"(?: (?:for|about|regarding|concerning))?\s*"
    r"|(?:for |with )?(?:the )?following (?:information|details|questions)?\s*:?\s*"
    r"|(?:all |any )?(?:recorded )?information (?:held )?(?:on|about|regarding|relating to)\s+"
    r"|(?:a copy|copies) of\s+"
    r"|(?:kindly|please)\s+"
    r"|(?:the )\s*"
    r")",
    re.IGNORECASE,
)
# "Dear Sir/Madam," at the start of a block that goes on with the request.
_SALUTATION_LEAD = re.compile(
    r"^(?:dear|hello|hi|good (?:morning|afternoon))\b[^,:\n]{0,40}[,:]\s*", re.IGNORECASE
)
_SALUTATION_FIRST = "DdGgHh"  # what _SALUTATION_LEAD can start with, in ASCII (see text.may_start)
_TRAILING = re.compile(r"[\s,;:.!?\-–—/(&]+$")
# What _TRAILING removes, for str.rstrip (a C loop; the regex tries every space of the text):
# every character ``\s`` matches (str.isspace, as re has it; a test checks the list) and the
# punctuation.
_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_TRAILING_CHARS = _SPACES + ",;:.!?-–—/(&"
_DANGLING = frozenset(
    "a an and and/or or of the to for in on at by with from as into per that which who whose "
    "including include such e.g. i.e. vs".split()
)


def suggest_title(request_text: str) -> str:
    """A title of at most 80 characters, in whole words, without trailing punctuation.

    Reads only as far as it needs: the first blocks, and the start of each (a title never
    comes from the 2,000th character of a paragraph), so a 10 MB request costs no more than a
    short one."""
    blocks = _block_texts(request_text)
    opening = list(islice(blocks, 2))
    for text in opening:
        subject = _subject(text[:_SCAN])
        if subject is not None:
            title = _shorten(subject)
            if title:
                return title
    for text in chain(opening, blocks):
        if len(text) > _SCAN:
            text = text[:_SCAN]
        if may_start(text, _SALUTATION_FIRST):
            text = _SALUTATION_LEAD.sub("", text, count=1)
        if not text or is_salutation(text) or is_sign_off(text):
            continue
        marker = parse_marker(text)
        body = marker.body if marker else (bullet_body(text) or text)
        body = _strip_openers(body)
        if not body or (body.endswith(":") and len(body.split()) < 8):
            continue  # "Please can you supply the following information:"
        title = _shorten(body)
        if title:
            return title
    return _shorten(collapse(request_text[: _SCAN * 4]) or collapse(request_text))


def _subject(text: str) -> str | None:
    """The subject named in `text` ("information relating to X"), or None."""
    if text.isascii():  # lower() keeps every index, and case is all IGNORECASE folds
        m = _SUBJECT_ASCII.search(text.lower())
        return text[m.start("subject") : m.end("subject")] if m else None
    m = _SUBJECT.search(text)
    return m.group("subject") if m else None


def _block_texts(request_text: str) -> Iterator[str]:
    """The block texts of a request, made as they are needed."""
    if "<" in request_text:  # HTML (or text that mentions a tag): the full parser
        yield from (b.text for b in to_blocks(request_text))
        return
    # Plain text, as the importer passes it: one paragraph at a time.
    start = 0
    for m in _BLANK_LINE.finditer(request_text):
        yield from (b.text for b in plain_blocks(request_text[start : m.start()]))
        start = m.end()
    yield from (b.text for b in plain_blocks(request_text[start:]))


def _strip_openers(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _OPENER.sub("", text, count=1).lstrip(" ,:;-–")
    return text


def _shorten(text: str) -> str:
    text = collapse(text)
    # The first sentence, when it says enough; "i.e." or "e.g." inside it ends nothing.
    first = sentences(text)[0] if text else ""
    if 20 < len(first) < len(text):
        text = first
    if len(text) > MAX_TITLE:
        cut = text[: MAX_TITLE + 1]
        space = cut.rfind(" ")
        text = cut[:space] if space > 0 else text[:MAX_TITLE]
    words = text.rstrip(_TRAILING_CHARS).split(" ")
    while len(words) > 1 and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    text = " ".join(words).rstrip(_TRAILING_CHARS)
    if text.lower().startswith("the "):
        text = text[4:]
    return text[:1].upper() + text[1:]
