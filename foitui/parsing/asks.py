"""The asks of a request written without numbers: one question per sentence that asks.

Real requests often run as prose: "I would like any emails ... since 1 February 2022. I am
trying to get a copy of ... I presume you store records by Health Board?". An officer steps
through what was asked, so each sentence that asks for something ("Please state ...", "Can I
also ask ...", "I would like a copy of ...", a sentence ending in "?") is its own question, and
sentences around them that only explain (who is asking, why, what they already know) are not.
A title line ("Review of 1010000000000 Potholes"), a form's labels ("Title or Description",
"Date Received") and the greeting are never questions. A sentence that ends in ":" takes the
lines after it that are not themselves sentences (the list of what it asks for).

When no sentence reads as an ask, the caller keeps the whole text as one question.
"""

from __future__ import annotations

import re

from foitui.parsing.html import Block

# Sentence ends: ".", "?" or "!" (then a quote or bracket) before a capital, quote or bracket.
# Abbreviations that end in a dot do not end a sentence.
_SENTENCE_END = re.compile(r"(?<=[.?!])['\"”’)]*\s+(?=[A-Z\"“‘(£0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|no|nos|mr|mrs|ms|dr|st|vs|approx|incl|ref|cf|jan|feb|mar|apr|jun|"
    r"jul|aug|sep|sept|oct|nov|dec|para|paras|sec|s|reg|regs|[a-z])\.)$",
    re.IGNORECASE,
)
# What asks, at the start of a sentence (after "Also", "Secondly", "Finally", "And" ...).
_ASK_START = re.compile(
    r"^(?:(?:also|and|additionally|further(?:more)?|finally|lastly|in addition|moreover|"
    r"first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?|then|so|therefore|"
    r"specifically|in particular|separately),?\s+)*"
    r"(?:(?:could|can|would|will|may|might)\s+(?:you|i|we|the council|your)\b"
    r"|please\b|kindly\b"
    r"|(?:i|we)(?:'d| would| should)\s+(?:also\s+)?(?:like|appreciate|be grateful|welcome|ask|"
    r"request|want)\b"
    r"|(?:i|we)\s+(?:also\s+)?(?:request|require|wish|want|ask|need|am requesting|am asking|"
    r"am writing to (?:request|ask)|would like)\b"
    r"|(?:it|this)\s+would\s+be\s+(?:great|helpful|useful|appreciated)\b"
    r"|under the (?:freedom of information|foi)[^,]{0,40},\s*(?:could|can|would|please|i)\b"
    r"|(?:how|what|which|when|where|who|whom|whose|why|whether|is|are|does|do|did|has|have|"
    r"was|were)\b"
    r"|(?:provide|send|supply|disclose|state|confirm|list|tell|give|forward|share)\b"
    r"|(?:a copy|copies|details|the number|the total|the amount|the names?|a list|"
    r"a breakdown|any (?:information|documents|records|correspondence|emails?))\b)",
    re.IGNORECASE,
)
# Words anywhere in a sentence that make it a request for information.
_ASK_WORDS = re.compile(
    r"\b(?:please (?:provide|send|supply|state|confirm|tell|give|list|advise|disclose|let me)|"
    r"could you|can you|would you|i request|i am requesting|"
    r"i wish to request|i would be grateful|provide me with|request (?:a copy|copies|details|"
    r"information|the following))\b",
    re.IGNORECASE,
)
# Sentences that explain rather than ask, even when they start like an ask.
_NOT_ASK = re.compile(
    r"^(?:(?:i|we)\s+(?:am|was|have been|work|are)\s+(?!requesting|asking|writing to request)"
    r"|(?:i|we) (?:would like|wish) to (?:make|submit) (?:a|this) (?:request|freedom)"
    r"|(?:i|we) (?:would like|wish|want) to (?:challenge|complain|appeal|request an? (?:internal )?"
    r"review|ask for an? (?:internal )?review)"
    r"|(?:i am|i'm|we are) writing to (?:request|ask for|make a request for) (?:some |further |the "
    r"following )?information (?:regarding|about|on|in relation to|relating to|concerning)"
    r"|thank you|thanks|many thanks|i look forward|if (?:you|this|it|the|any|there)|"
    r"please (?:note|contact|do not hesitate|let me know if|reply|respond|acknowledge)|"
    r"i (?:can|will) (?:be contacted|receive)|please can you (?:acknowledge|confirm receipt))",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.?!:;]['\"”’)]*$")
_MAX_TITLE_WORDS = 14


def sentences(text: str) -> list[str]:
    """`text` split into sentences (abbreviations such as "e.g." do not end one)."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()]
        if _ABBREVIATION.search(before):
            continue
        piece = text[start : m.start()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def is_ask(sentence: str) -> bool:
    """Whether a sentence asks for information (rather than explains or thanks)."""
    if _NOT_ASK.match(sentence):
        return False
    if sentence.rstrip("'\"”’) ").endswith("?"):
        return True
    return _ASK_START.match(sentence) is not None or _ASK_WORDS.search(sentence) is not None


def is_title_line(text: str) -> bool:
    """A title, form label or heading: short, no sentence end, asks nothing."""
    words = text.split()
    return (
        len(words) <= _MAX_TITLE_WORDS
        and not _TERMINAL.search(text)
        and not text.rstrip().endswith("?")
        and not _ASK_START.match(text)
    )


# "Firstly, ...", "Secondly, ...": asks numbered in words.
_ORDINAL = re.compile(
    r"^(?P<word>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?:ly)?"
    r"(?:\s*[,:;\-–—]\s*|\s+)",
    re.IGNORECASE,
)
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()


def ordinal_labels(asks: list[list[str]]) -> list[tuple[str | None, list[str]]]:
    """Each ask with its label: "1", "2" ... when the asks open "Firstly", "Secondly" ... in
    order (the word then leaves the text, as a number would), else None."""
    found = [_ORDINAL.match(parts[0]) for parts in asks]
    words = [m.group("word").lower() for m in found if m]
    if len(words) < 2 or words != _ORDINALS[: len(words)]:
        return [(None, parts) for parts in asks]
    out: list[tuple[str | None, list[str]]] = []
    for m, parts in zip(found, asks, strict=True):
        if m is None:
            out.append((None, parts))
            continue
        rest = parts[0][m.end() :]
        label = str(_ORDINALS.index(m.group("word").lower()) + 1)
        out.append((label, [rest[:1].upper() + rest[1:], *parts[1:]]))
    return out


def split_asks(blocks: list[Block]) -> list[list[str]] | None:
    """The asks of an unnumbered request's body blocks (greeting and sign-off already gone),
    each as the texts that make it; None when nothing reads as an ask."""
    asks: list[list[str]] = []
    taking_list = False
    for block in blocks:
        text = block.text
        if taking_list and asks and (is_title_line(text) or block.bullet):
            asks[-1].append(text)  # the list a "... the following:" sentence introduced
            continue
        taking_list = False
        if is_title_line(text):
            continue
        for sentence in sentences(text):
            if is_ask(sentence):
                asks.append([sentence])
                taking_list = sentence.endswith(":")
            elif asks and asks[-1][-1].endswith(":") and not _TERMINAL.search(sentence):
                asks[-1].append(sentence)
    return asks or None
