"""A short title for a request that came without one.

The subject named in the opening ("information relating to X") when there is one, else the first
sentence that is not a greeting or FOI boilerplate ("Under the Freedom of Information Act 2000,
please provide..."), cut to whole words within 80 characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain, islice

from foitui.parsing.html import plain_blocks, to_blocks
from foitui.parsing.markers import bullet_body, parse_marker
from foitui.parsing.text import collapse, is_salutation, is_sign_off

MAX_TITLE = 80
_SCAN = 2000  # how much of a block a title is looked for in
_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")  # as html.plain_blocks splits paragraphs

_SUBJECT = re.compile(
    r"\b(?:information|data|details|figures|statistics|request|documents?|records?)\s+(?:relating"
    r" to|in relation to|regarding|concerning|about|on the subject of|with regard to|in respect"
    r" of|on)\s+(?P<subject>[^.?!:;]{12,})",
    re.IGNORECASE,
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
_SENTENCE_END = re.compile(r"[.?!](?=\s|$)")
_TRAILING = re.compile(r"[\s,;:.!?\-–—/(&]+$")
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
        m = _SUBJECT.search(text[:_SCAN])
        if m:
            title = _shorten(m.group("subject"))
            if title:
                return title
    for text in chain(opening, blocks):
        if len(text) > _SCAN:
            text = text[:_SCAN]
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
    end = _SENTENCE_END.search(text)
    if end and end.start() > 20:
        text = text[: end.start()]
    if len(text) > MAX_TITLE:
        cut = text[: MAX_TITLE + 1]
        space = cut.rfind(" ")
        text = cut[:space] if space > 0 else text[:MAX_TITLE]
    words = _TRAILING.sub("", text).split(" ")
    while len(words) > 1 and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    text = _TRAILING.sub("", " ".join(words))
    if text.lower().startswith("the "):
        text = text[4:]
    return text[:1].upper() + text[1:]
