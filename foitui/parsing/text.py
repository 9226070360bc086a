"""Small text helpers shared by the parsing modules: whitespace, comparison keys, boilerplate.

The boilerplate patterns decide what is *not* a question or an answer (greetings, sign-offs,
internal-review paragraphs). They are anchored at the start of a block: a block that merely
mentions "regards" in the middle of a sentence is still content.
"""

from __future__ import annotations

import re
import string

# Zero-width characters and the soft hyphen show nothing but break word matching.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_NON_ALNUM = re.compile(r"[\W_]+")


def collapse(text: str) -> str:
    """Collapse runs of whitespace (NBSP included) to one space; strip. Hot: str.split, not re
    (and not str.translate, which looks up every character in a dict)."""
    if not text.isascii() and INVISIBLE.search(text):
        text = INVISIBLE.sub("", text)
    return " ".join(text.split())


_ASCII_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation, " "))


def compare_key(text: str) -> str:
    """A key for "is this the same text": lower case, only letters and digits, single spaces."""
    low = text.lower()
    if low.isascii():
        return " ".join(low.translate(_ASCII_PUNCTUATION).split())  # twice as fast as re
    return _NON_ALNUM.sub(" ", low).strip()


_ECHO_END = frozenset("?.!:;)]-–—|")
_ANSWER_WORD = re.compile(r"(?:response|answer|reply|a\d*\s*:)", re.IGNORECASE)


def strip_echo(text: str, echo_key: str) -> str | None:
    """`text` without a leading copy of the text whose `compare_key` is `echo_key`, or None.

    Used when a response repeats the question before answering it. Walks both strings once,
    skipping punctuation and spacing, so "1) Is it used? Response: No" loses exactly the
    question and keeps "Response: No".
    """
    target = echo_key.replace(" ", "")
    if not target:
        return None
    t = 0
    for pos, ch in enumerate(text):
        if not ch.isalnum():
            continue
        if ch.lower() != target[t]:
            return None
        t += 1
        if t == len(target):
            rest = text[pos + 1 :]
            # The echo must end where the question did: "The number of assaults on staff is
            # published..." merely starts like the question "the number of assaults on staff;".
            after = rest.lstrip(" \t\u00a0")
            if not after or after[0] in _ECHO_END or _ANSWER_WORD.match(after):
                return after.lstrip("?.!:;,)]|-–—\u00a0 \t")
            return None
    return None


# The patterns below match at the start of a block. With each, the ASCII letters its branches
# can start with (either case): a block starting with another ASCII character cannot match, a
# cheap test before the regex. (With IGNORECASE only non-ASCII characters fold onto other
# letters, "ſ" onto "s", the Kelvin sign onto "k"; those still go to the regex.)


def may_start(text: str, firsts: str) -> bool:
    first = text[:1]
    return not first.isascii() or first in firsts  # "" is in every string: the regex decides


# Greetings that open a letter; never a question, never an answer.
SALUTATION = re.compile(
    r"^(?:dear\b|hello\b|hi\b|good (?:morning|afternoon|evening)\b|to whom it may concern|"
    r"greetings\b|sir\s*/\s*madam\b)",
    re.IGNORECASE,
)
_SALUTATION_FIRST = "DGHSTdghst"

# Sign-offs: what follows them (names, job titles, phone numbers) is signature, not content.
SIGN_OFF = re.compile(
    r"^(?:(?:with\s+)?(?:kind(?:est)?|best|warm(?:est)?|many)\s+(?:regards|wishes|thanks)\b|"
    r"regards\b|yours\s+(?:sincerely|faithfully|truly|ever)\b|yours,?$|thanks?(?: you)?,?$|"
    r"thanks,? (?:again|in advance)|thank you (?:in advance|again|for your (?:help|time|"
    r"assistance|attention|consideration))|many thanks\b|best\b,?$|cheers\b|sent from my\b)",
    re.IGNORECASE,
)
_SIGN_OFF_FIRST = "BCKMRSTWYbckmrstwy"

# Request-side notes after the questions: about format or contact, not a question's content.
REQUEST_NOTE = re.compile(
    r"^(?:i look forward|looking forward|i would (?:like|prefer|be grateful)[^.]{0,40}"
    r"\b(?:format|electronic|email|e-mail|copy|copies)\b|please (?:provide|send|supply)"
    r" (?:the|this|your) (?:information|response|reply|data)"
    r" (?:in|by|electronically|as|to|via)\b|if (?:you|any)\b[^.]{0,60}\b(?:clarif|"
    r"question|contact|unclear|difficult|exceed|cost)|please (?:contact|let me know|"
    r"do not hesitate|acknowledge|confirm receipt)|i am happy to|thank you\b|thanks\b|"
    r"(?:many )?thanks\b|p\.?s\.?\b)",
    re.IGNORECASE,
)
_REQUEST_NOTE_FIRST = "ILMPTilmpt"

# A note after the last answer ("Please note that in our last response...") answers nothing.
RESPONSE_NOTE = re.compile(r"^(?:please note|note:|n\.?b\.?\b)", re.IGNORECASE)
_RESPONSE_NOTE_FIRST = "NPnp"

# Response-side boilerplate: preamble, rights of review, signatures.
RESPONSE_BOILERPLATE = re.compile(
    r"^(?:if you are (?:not |un|dis)?(?:happy|satisfied|content)|"
    r"if you (?:have|require|need|would like|wish|remain|disagree)\b|you (?:have|may have) the"
    r" right|you (?:can|may) (?:ask|request|complain|apply|contact|appeal|also)|"
    r"(?:an )?internal review|the information commissioner|information commissioner|ico\b|"
    r"thank you|thanks\b|many thanks|our ref|your ref|ref(?:erence)?\s*(?:no\.?|number)?\s*:|"
    r"re:|subject:|date:|copyright|(?:the )?re-?use|most of the information|the information"
    r" (?:supplied|provided) (?:to you )?(?:is|may be) (?:subject|protected|copyright)|for (?:more"
    r"|further) information|should you|we hope|i hope|i trust|freedom of information (?:team|"
    r"officer|unit|request|act)|information governance\b|information rights (?:team|officer)|"
    r"foi (?:team|officer|unit)|data protection (?:officer|team)|(?:to )?(?:make|making) a "
    r"complaint|your request (?:was|has been|is being)|we (?:have )?received"
    r" your|i (?:am writing|write) (?:in response|to respond|with regard)|in response to your|"
    r"further to your|this (?:letter|email|response) (?:is|sets)|please find (?:our|the council"
    r"'s|below our) response|our response (?:is|to your)|response to (?:your )?freedom|"
    r"request for information\b|information request\b|please (?:quote|contact|get in touch|do not"
    r" hesitate|let us know)|for (?:enquiries|queries|any queries)|if you have any (?:queries|"
    r"questions)|we (?:aim|expect|hope|intend) to (?:send|respond|reply|provide)|we will (?:send|"
    r"respond|reply|provide|aim|be in touch)|you (?:should|will|can expect to) (?:receive|get|"
    r"hear)|we are (?:currently )?(?:dealing|processing|considering|handling)|"
    r"your request (?:is|will))",
    re.IGNORECASE,
)
_BOILERPLATE_FIRST = "ACDFIMOPRSTWYacdfimoprstwy"
# "The council has considered your request under the EIR.": a preamble sentence, no more.
_RESPONSE_PREAMBLE = re.compile(
    r"(?:(?:(?:[\w&'’.\-]+\s+){0,6}?(?:has|have)\s+(?:now\s+|carefully\s+)?(?:considered|"
    r"dealt with|handled|processed)|(?:we|the council|[\w&'’.\-]+) (?:is|are|will be|have been|"
    r"has been) (?:treating|handling|dealing with|considering|processing))\s+(?:your|the|this)"
    r"\s+(?:request|enquiry)|(?:this|the) request (?:has been|was|is being|will be) (?:considered"
    r"|dealt with|handled|processed))"
    r"(?:\s+(?:under|in accordance with|in line with|as)\b[^.]{0,120})?(?:\.|$)",
    re.IGNORECASE,
)


def is_response_boilerplate(text: str) -> bool:
    """Response text that answers nothing by its opening words (see RESPONSE_BOILERPLATE), or a
    preamble sentence ("Transport for London has considered your request under the FOIA.")."""
    if may_start(text, _BOILERPLATE_FIRST) and RESPONSE_BOILERPLATE.match(text) is not None:
        return True
    head = text[:160].lower()
    # Every preamble names the request (or enquiry): a cheap test first.
    return ("request" in head or "enquiry" in head) and _RESPONSE_PREAMBLE.match(text) is not None


# An acknowledgement: receipt, the date a response is due, an extension to come. A paragraph
# whose every sentence says one of these (and none gives or withholds information) answers
# nothing: "We received your request on 3 May and will respond by 31 May."
_ACK_SENTENCE = re.compile(
    r"(?:we|i) (?:have |had )?received (?:it|this|your)|which (?:we|i|the council) (?:have |has )?"
    r"received|(?:request|e-?mail|letter|it) (?:was|has been|were) received|acknowledg|receipt of"
    r" your|(?:will|shall|aim to|expect to|intend to|hope to|should|endeavour to|may)(?: \w+)? "
    r"(?:respond|reply|send (?:you )?(?:a |our |the )?(?:full )?(?:response|reply)|provide (?:you"
    r" with )?(?:a |our |the )?(?:full )?(?:response|reply)|write to you|contact you|let you know"
    r"|tell you|be in touch|get back to you|inform you|notify you)|(?:respond|reply|response)\b"
    r"[^.]{0,60}\b(?:by|within|no later than|on or before)\b|(?:extend|extension of|extending)"
    r"\b[^.]{0,30}\b(?:deadline|time ?limit|time|period|response)|(?:more|further|additional) "
    r"time to (?:consider|respond|reply|deal)|(?:is|are|has been|have been|being) (?:logged|"
    r"processed|passed|forwarded|allocated|assigned|handled|dealt with|considered)\b|(?:handling"
    r"|processing|dealing with|considering) (?:it|your request|this request|the request)"
)
_ACK_THANKS = re.compile(r"\s*(?:thank you|thanks)\b")
_ACK_BLOCKER = re.compile(
    r"attached|enclosed|please find|below|\b(?:not|n't|no longer) (?:hold|held|have|record|"
    r"keep|disclos|provid|releas)|\bheld\b|hold no|exempt|withh|redact|refus|declin|clarif|"
    r"cost limit|appropriate limit|£|\b(?:yes|none)\b|there (?:is|are|were|was)\b|published"
)
_ACK_END = re.compile(r"[.!?]\s+")
# Every branch of _ACK_SENTENCE holds one of these: a cheap test first.
_ACK_WORDS = (
    "receiv",
    "receipt",
    "acknowledg",
    "respon",
    "repl",
    "exten",
    " time",
    "logged",
    "process",
    "passed",
    "forwarded",
    "allocated",
    "assigned",
    "handl",
    "dealt",
    "dealing",
    "consider",
    "write to you",
    "contact you",
    "let you know",
    "tell you",
    "in touch",
    "get back",
    "inform you",
    "notify you",
)


def _acknowledges(low: str, start: int, end: int) -> bool:
    if _ACK_THANKS.match(low, start):
        return True
    sentence = low[start:end]
    for word in _ACK_WORDS:
        if word in sentence:
            return _ACK_SENTENCE.search(sentence) is not None
    return False


def is_acknowledgement(text: str) -> bool:
    """Whether a paragraph only acknowledges a request (receipt, due date, extension)."""
    low = text.lower()
    start = 0
    # Sentence by sentence, so that a paragraph that answers stops at its first sentence.
    for m in _ACK_END.finditer(low):
        if not _acknowledges(low, start, m.start() + 1):
            return False
        start = m.end()
    if start < len(low) and not _acknowledges(low, start, len(low)):
        return False
    return _ACK_BLOCKER.search(low) is None


# "Part B", "Section 2: Housing": a heading that opens a new group, not a question's content.
_HEADING = re.compile(r"^(?:part|section|appendix|annex|schedule|area|topic)\s+[\w.]+\b", re.I)
_TERMINAL = re.compile(r"[.?!]['\"”’)]*$")


def is_heading(text: str) -> bool:
    """ "Part B", "Section 2: Housing", "Adult Social Care": a short title, not a sentence."""
    words = text.split()
    if len(words) > 8 or _TERMINAL.search(text):
        return False
    if _HEADING.match(text):
        return True
    if len(words) > 6 or any(ch.isdigit() for ch in text):
        return False
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 2 and all(w[0].isupper() for w in long_words)


def is_salutation(text: str) -> bool:
    return may_start(text, _SALUTATION_FIRST) and SALUTATION.match(text) is not None


def is_sign_off(text: str) -> bool:
    return may_start(text, _SIGN_OFF_FIRST) and SIGN_OFF.match(text) is not None


def is_request_note(text: str) -> bool:
    """A request-side note about format or contact (see REQUEST_NOTE)."""
    return may_start(text, _REQUEST_NOTE_FIRST) and REQUEST_NOTE.match(text) is not None


def is_response_note(text: str) -> bool:
    """ "Please note...", "NB": a note after the answers (see RESPONSE_NOTE)."""
    return may_start(text, _RESPONSE_NOTE_FIRST) and RESPONSE_NOTE.match(text) is not None
