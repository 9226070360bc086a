"""Outcome and exemption codes read from an answer's text.

Codes are the provision as cited, normalised: FOIA ``s12``, ``s14(2)``, ``s40(2)``,
``s31(1)(a)``; EIR ``r12(4)(a)``, ``r13``; FOISA (when the texts name the Scottish Act) ``fs17``,
``fs38(1)(b)``. Only provisions that refuse or withhold count (FOIA s12, s14, s21 to s44 but
s25; EIR regulations 12 and 13; FOISA s12, s14, s17, s25 to s41), so "section 1(1)(a)",
"section 16 advice" or "regulation 5" are not exemptions. A few phrases stand for a provision
when no section of that number is cited: "cost limit" (s12), "vexatious" (s14(1)), "repeated
request" (s14(2)), withheld "personal data" (s40(2)), "reasonably accessible" (s21), ...

Outcome, in this order: an exemption that withholds -> ``refused``, or ``partly_answered`` when
another sentence gives information (a figure, "attached", "is published at"); a request to
clarify -> ``clarification_needed``; "not held" (or FOISA s17, EIR 12(4)(a)) -> ``not_held``, or
``partly_answered`` with information given; otherwise ``answered``. Signposting exemptions
(FOIA s21, FOISA s25: the information is published elsewhere) give the requester the information:
they are recorded but the answer counts as ``answered``. An answer that is only "None"/"Nil" is
``not_held``, except to a question asking how many or how much, where it is a figure (zero).

Every pattern runs on the lower-cased text and starts with a literal where it can: a leading
``\b`` or case-insensitive alternation makes Python's ``re`` scan ten times slower.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from foitui.models import Law, Outcome

_SUBS = r"(?:\s?\(\s?(?:\d{1,2}|[a-z]{1,4})\s?\))"
_NUMBER_LIST = (
    rf"(?P<list>\d{{1,2}}(?!\d){_SUBS}{{0,3}}"
    rf"(?:\s*(?:,|&|\band\b|\bor\b|/)\s*(?:\d{{1,2}}(?!\d){_SUBS}{{0,3}}|{_SUBS}{{1,3}}))*)"
)
# "section 40(2)", "sections 40(2) and 43", "s.12", "s 21", "ss.40 and 41", "sec. 43".
# The lookbehind right after the first letter rejects "costs 12" and "year 13" inside the regex
# engine while keeping the fast scan for the literal.
_SECTION = re.compile(rf"s(?<![a-z0-9']s)(?:ections?|ecs?\.?|s?\.|(?=\s?\d))\s*{_NUMBER_LIST}")
# "regulation 12(4)(a)", "regs 12(5)(e) and 13", "r.13"; "exception at 12(5)(e)".
_REGULATION = re.compile(rf"r(?<![a-z0-9']r)(?:egulations?|egs?\.?|\.(?=\s?\d))\s*{_NUMBER_LIST}")
_EXCEPTION = re.compile(rf"exceptions?(?:\s+(?:at|under|in))?\s*{_NUMBER_LIST}")
# "12(5)(e)" alone: only EIR regulations 12(4) and 12(5) look like that.
_BARE_EIR = re.compile(r"12\s?\(\s?([45])\s?\)\s?\(\s?([a-g])\s?\)")
_BARE_EISR = re.compile(r"10\s?\(\s?([45])\s?\)\s?\(\s?([a-g])\s?\)")
# The lookahead: only where a part starts, so that finditer yields no empty match between
# the parts (one loop turn per character of "40(2) and 43" otherwise).
_LIST_PART = re.compile(rf"(?=\d|{_SUBS})(?P<num>\d{{1,2}})?(?P<subs>{_SUBS}*)")
_SUB_TOKEN = re.compile(r"\(\s?([0-9a-z]+)\s?\)")


def _has_digit(text: str) -> bool:
    """Whether `text` holds an ASCII digit (a pre-filter). Ten `in` tests beat a search for
    [0-9], which tests every character against the class in turn, three times or more."""
    return (
        "0" in text
        or "1" in text
        or "2" in text
        or "3" in text
        or "4" in text
        or "5" in text
        or "6" in text
        or "7" in text
        or "8" in text
        or "9" in text
    )


_NEGATED = re.compile(
    r"(?:\bnot|n't|\bno longer|\bnever)\s+(?:(?:be|been|a|an|the|this|is|being|applying|applied|"
    r"apply|relying|relied|rely|on|using|used|use|engaging|engaged|engage|under|citing|cited|"
    r"cite|considered|consider|treated|as|refusing|refused)\s+){0,4}$"
)

_FOIA_SECTIONS = frozenset([12, 14, *range(21, 25), *range(26, 45)])
_FOISA_SECTIONS = frozenset([12, 14, 17, *range(25, 42)])
# Regulation 6 only as 6(1)(b) (publicly available and easily accessible): see _FORM_ONLY.
_EIR_REGULATIONS = frozenset([6, 12, 13])
_EISR_REGULATIONS = frozenset([6, 10, 11])
_FORM_ONLY = ("r6", "sr6")
# Codes that do not withhold: signposting (s21, FOISA s25) and "not held" (FOISA s17, EIR
# 12(4)(a)); the outcome comes from the rest of the answer.
# Signposting: the information is published elsewhere (FOIA s.21, FOISA s.25) or given in
# another form (EIR reg. 6(1)(b), EISR reg. 6(1)(b): publicly available and easily accessible).
_SIGNPOST = ("s21", "fs25", "r6(1)(b)", "sr6(1)(b)")
# Not held: FOISA s.17, EIR reg. 12(4)(a), EISR reg. 10(4)(a).
_NOT_HELD_CODES = ("fs17", "r12(4)(a)", "sr10(4)(a)")
_NOT_WITHHOLDING = _SIGNPOST + _NOT_HELD_CODES

_EIR_WORD = re.compile(r"eirs?(?![a-z])(?!\s*[-/:#]?\s*\d{3})")
_EISR_WORD = re.compile(r"eisrs?(?![a-z])")
_EIR_REGULATION = re.compile(r"regulation\s+1[23]\b")

_WITHHOLDING = (
    r"(?:withh(?:eld|old|olding)|exempt|redact|not (?:be )?(?:disclos|releas|provid|shar|publish)"
    r"|cannot|can ?not|can't|unable|refus|declin|would (?:breach|contravene|be unfair|prejudice)"
    r"|protect)"
)
# Phrases that stand for a provision: keywords that must be present (a cheap test first), the
# pattern, and the code under FOIA, EIR and FOISA (None: no code under that law).
_TOPICS: list[tuple[tuple[str, ...], re.Pattern[str], dict[Law, str | None]]] = [
    (
        ("limit", "hours", "exceed", "threshold", "ceiling"),
        re.compile(
            r"(?:cost (?:limit|threshold|ceiling)|appropriate limit|exceed(?:s|ed|ing)? (?:the )?"
            r"(?:£\s?(?:450|600)|cost|limit)|(?:more|longer) than (?:18|24|eighteen|twenty[- ]four)"
            r" hours|in excess of (?:18|24) hours|over (?:18|24) hours|£\s?(?:450|600) limit)"
        ),
        {Law.FOI: "s12", Law.EIR: "s12", Law.FOISA: "fs12"},
    ),
    (
        ("vexatious",),
        re.compile(r"vexatious"),
        {Law.FOI: "s14(1)", Law.EIR: "r12(4)(b)", Law.FOISA: "fs14(1)"},
    ),
    (
        ("repeat", "substantially similar"),
        re.compile(r"(?:repeat(?:ed)? requests?|substantially similar)\b"),
        {Law.FOI: "s14(2)", Law.EIR: "r12(4)(b)", Law.FOISA: "fs14(2)"},
    ),
    (
        ("manifestly unreasonable",),
        re.compile(r"manifestly unreasonable"),
        {Law.FOI: "r12(4)(b)", Law.EIR: "r12(4)(b)", Law.FOISA: "r12(4)(b)"},
    ),
    (
        ("personal data", "personal information"),
        re.compile(
            rf"personal (?:data|information)\b[^.;]*?{_WITHHOLDING}|{_WITHHOLDING}[^.;]*?"
            r"personal (?:data|information)\b"
        ),
        {Law.FOI: "s40(2)", Law.EIR: "r13", Law.FOISA: "fs38(1)(b)"},
    ),
    (
        # Small numbers held back so that nobody can be identified: "<5", "fewer than five",
        # "*" explained as suppressed (personal data, without the words "personal data").
        ("<", "fewer than", "less than", "small number", "low number", "under 5", "under five"),
        re.compile(
            r"(?:<\s?(?:5|10)\b|(?:fewer|less) than (?:5|five|10|ten)\b|under (?:5|five)\b|"
            r"(?:small|low) numbers?)[^.;]*?(?:suppress|redact|withh|not (?:be )?(?:disclos|"
            r"shown|given|released)|identif|protect|anonym)"
        ),
        {Law.FOI: "s40(2)", Law.EIR: "r13", Law.FOISA: "fs38(1)(b)"},
    ),
    (
        ("accessible",),
        re.compile(r"reasonably accessible|accessible to (?:you|the applicant) by other means"),
        {Law.FOI: "s21", Law.EIR: None, Law.FOISA: "fs25"},
    ),
    (
        ("publication",),
        re.compile(r"intended for (?:future )?publication"),
        {Law.FOI: "s22", Law.EIR: None, Law.FOISA: "fs27"},
    ),
    (
        ("commercial",),
        re.compile(
            rf"commercial(?:ly)? (?:sensitive|interests?|confiden)[^.;]*?{_WITHHOLDING}|"
            rf"{_WITHHOLDING}[^.;]*?commercial(?:ly)? (?:sensitive|interests?|confiden)"
        ),
        {Law.FOI: "s43(2)", Law.EIR: "r12(5)(e)", Law.FOISA: "fs33(1)(b)"},
    ),
    (
        ("privilege",),
        re.compile(r"legal professional privilege"),
        {Law.FOI: "s42", Law.EIR: "r12(5)(b)", Law.FOISA: "fs36(1)"},
    ),
]


_NIL_NOT_HELD = frozenset(
    [
        "not held",
        "none held",
        "no records",
        "no records held",
        "no such records",
        "no such records held",
        "no information",
        "no information held",
        "no data",
        "no data held",
        "none found",
        "no documents",
        "no documents held",
        "nil return",
    ]
)
_NIL_MAX = 40  # longer answers are not a bare "None"
# "None" answers "details of any reports" (not held) but also "how many" (zero).
_NIL_NUMBER = frozenset(["none", "nil", "none whatsoever"])
_COUNT_QUESTION = re.compile(
    r"how many|how much|how often|how long|number of|amount of|total (?:number|amount|cost|"
    r"value|spend)|what (?:was|is|were|are) the (?:total|cost|amount|number|value)"
)
_ADVERB = r"(?: (?:currently|yet|centrally|routinely|specifically|now|any longer|always|still))?"
_NOT_HELD = re.compile(
    rf"(?:not held|(?:does|do|did)(?: not|n't){_ADVERB} (?:hold|have|keep|record|collect|retain)\b|"
    rf"(?:is|are|was|were)(?: not|n't){_ADVERB} (?:held|recorded|collected|kept|retained)\b|"
    r"holds? no (?:recorded )?(?:information|data|records?)|has no (?:recorded )?(?:information|"
    r"data|records?)|no (?:recorded |such |relevant )?(?:information|data|records?|documents?|"
    r"reports?) (?:is |are |was |were )?(?:held|recorded|exists?|kept|found|located)|"
    r"nil return|information (?:requested )?does not exist|there (?:is|are|were|was) no (?:such |"
    r"relevant |recorded )?(?:records?|documents?|information|data|reports?|minutes)|none (?:held|"
    r"found|recorded))"
)
# _NOT_HELD's branches by the literal each holds, for `_says_not_held`. The negated verbs
# ("does not hold", "isn't held") start at the negation and check the verb behind it.
_HOLD_VERB = r" (?:hold|have|keep|record|collect|retain)\b"
_HELD_VERB = r" (?:held|recorded|collected|kept|retained)\b"
_NOT_HELD_NOT = re.compile(
    rf" not(?:(?<=does not)|(?<=do not)|(?<=did not)){_ADVERB}{_HOLD_VERB}"
    rf"| not(?:(?<=is not)|(?<=are not)|(?<=was not)|(?<=were not)){_ADVERB}{_HELD_VERB}"
)
_NOT_HELD_NT = re.compile(
    rf"n't(?:(?<=doesn't)|(?<=don't)|(?<=didn't)){_ADVERB}{_HOLD_VERB}"
    rf"|n't(?:(?<=isn't)|(?<=aren't)|(?<=wasn't)|(?<=weren't)){_ADVERB}{_HELD_VERB}"
)
_NOT_HELD_NO = re.compile(
    r"no (?:(?<=holds no )|(?<=hold no )|(?<=has no ))(?:recorded )?(?:information|data|records?)"
    r"|no (?:recorded |such |relevant )?(?:information|data|records?|documents?|reports?) "
    r"(?:is |are |was |were )?(?:held|recorded|exists?|kept|found|located)"
    r"|no (?:(?<=there is no )|(?<=there are no )|(?<=there were no )|(?<=there was no ))"
    r"(?:such |relevant |recorded )?(?:records?|documents?|information|data|reports?|minutes)"
)
_NOT_HELD_EXIST = re.compile(r"information (?:requested )?does not exist")
_NOT_HELD_NONE = re.compile(r"none (?:held|found|recorded)")
_WITHHOLD_SENTENCE = re.compile(
    r"(?:withh|exempt|redact|refus|declin|cannot|can ?not|can't|unable|not (?:be )?(?:disclos|"
    r"releas|provid|shar)|prejudice|would breach|would be unfair|public interest)"
)
# A sentence gives information when it points to it or states a quantity. The phrases that
# point to it, in groups, each with words that every phrase of the group holds (a cheap test
# first): one alternation of them all tries every position of a long answer (slow), a group
# only runs on a text that can hold it.
_PROVIDED: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (words, re.compile(pattern))
    for words, pattern in (
        (("please",), r"please (?:find|see) (?:attached|enclosed|below)"),
        (
            ("attach", "enclos"),
            r"(?:is|are) attached|attached (?:is|are|spreadsheet|document|file|table)|"
            r"(?:i|we) (?:attach|enclose|have attached|have enclosed)|provided in the attached",
        ),
        (("see ",), r"see (?:the )?(?:attached|table below)"),
        (("as follows",), r"as follows"),
        (
            ("below", "attach"),
            r"(?:is|are) (?:provided|set out|shown|listed|detailed) (?:below|in the attached)|"
            r"below (?:is|are)",
        ),
        (
            ("publish", "available"),
            r"(?:is|are|was|were|has been|have been) (?:already )?(?:published|available) "
            r"(?:in|on|at|from|via|by)",
        ),
        (
            ("provide", "supply", "disclose", "confirm that"),
            r"(?:we|the council|i) (?:can|are able to|is able to) (?:provide|supply|disclose|"
            r"confirm that)",
        ),
        (
            ("some of the information", "partial", "in part"),
            r"some of the information|partial(?:ly)?\b|in part\b",
        ),
    )
)
# Sentences that explain a refusal or a gap, even when they quote figures ("would exceed the
# cost limit of £450", "since August 2022 we no longer record...").
_EXPLAINS = re.compile(
    r"\b(?:would|could|might|we estimate|i estimate|estimate that|it is estimated|require[sd]?|"
    r"limit|threshold|exceed(?:s|ed)?|aggregat\w*|stopped|no longer|because|unfortunately|"
    r"taken into account|other requests?|requests? (?:received|made|submitted)|you may wish|"
    r"narrow\w*|refine\w*|for example)\b"
)
# A quantity: a digit not right after a letter ("£5", "12 staff", not "b12"), or a number word.
# (The digit's test comes after it: a pattern that starts with the class lets ``re`` skip to
# the digits.)
_QUANTITY_DIGIT = re.compile(r"\d(?<![a-z]\d)")
# Numbers that are not information: citations, years, dates, web addresses.
_NOT_QUANTITY = re.compile(
    r"https?://\S+|www\.\S+|(?:sections?|s\.|regulations?|reg\.|article|schedule|part)\s*\d+"
    r"(?:\s?\(\w{1,4}\))*|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)[a-z]*\b|\b(?:19|20)\d\d(?:[/-]\d{2,4})?\b|foisa|foia|\b(?:act|regulations) \d{4}"
)
# Where sentences end: after ".", "!", "?", ";" or ":" and spacing, or at a line break. The
# pattern must start with one character class for ``re`` to skip straight to the candidates
# ("[.!?;:]\s+(?=\S)|\n+" tries both branches at every position): the punctuation or the line
# break, then what follows each.
_SENTENCE_END = re.compile(r"[.!?;:\n](?:(?<=\n)\n*|(?<!\n)\s+(?=\S))")
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "thousand million billion".split()
)
_WORD = re.compile(r"\w+")


def _has_number_word(text: str) -> bool:
    """Whether a whole word of `text` is a number word, as r"\b(?:two|...|billion)\b" would
    find: such a match is a whole run of word characters. One pass over the words, where the
    pattern tried thirty alternatives at every character."""
    return not _NUMBER_WORDS.isdisjoint(_WORD.findall(text))


def _sentences(low: str) -> list[str]:
    """`low` cut into sentences (the end punctuation stays with its sentence)."""
    out: list[str] = []
    prev = 0
    for m in _SENTENCE_END.finditer(low):
        cut = m.start() if low[m.start()] == "\n" else m.start() + 1
        out.append(low[prev:cut])
        prev = m.end()
    out.append(low[prev:])
    return out


# Requests to clarify, in four patterns by the words each needs (`_clarifies` tests the words
# first). As one alternation the pattern had no literal to skip to, so ``re`` tried all its
# branches at every character of the text.
# "Please clarify", "could you specify which...".
_CLARIFY_PLEASE = re.compile(
    r"(?:please|could you|can you|would you|kindly|grateful if you (?:could|would))\b"
    r"[^.?!]{0,40}\b(?:clarify|specify)\b"
)
# "We need clarification", "clarification is needed", "once we receive your clarification".
_CLARIFY_REQUEST = re.compile(
    r"(?:need|require|seek|seeking|request|requesting|ask for|awaiting)\s+(?:some |further |more )?"
    r"clarification|clarification (?:is|was) (?:needed|required)|(?:once|until|when|on) (?:we )?"
    r"(?:receive|receiving|receipt of) (?:your |the |some |further )?clarification"
)
# "We would like you to confirm...": _YOU_TO, which starts with a literal, finds the candidates.
_CLARIFY_YOU = re.compile(
    r"(?:need|require|ask|asking|like|want|invite)s?\s+you\s+to\s+(?:clarify|specify|confirm|"
    r"explain|tell us|let us know)"
)
_YOU_TO = re.compile(r"you\s+to\s+(?:clarify|specify|confirm|explain|tell us|let us know)")
# "Before we can respond, please confirm...".
_CLARIFY_BEFORE = re.compile(
    r"before (?:we|the council|i) can (?:respond|answer|process|proceed|deal|consider|search|"
    r"locate|provide)\b[^.?!]{0,100}(?:\?|\b(?:clarify|confirm|specify|tell us|let us know)\b)"
)
# Refusals of a whole request for what answering it would take, not for what it would disclose.
_PROCEDURAL = ("s12", "fs12", "s14", "fs14", "r12(4)(b)")


def asks_clarification(text: str) -> bool:
    """Whether a text asks the requester to clarify the request."""
    return _clarifies(_lower(text))


def _clarifies(low: str) -> bool:
    # The first test is the rule (a text without these words asks nothing, however it is
    # phrased); then each pattern only where the words it needs are.
    if not ("clarif" in low or "specify" in low or "you to " in low or "before " in low):
        return False
    if "clarification" in low and _CLARIFY_REQUEST.search(low) is not None:
        return True
    if ("clarify" in low or "specify" in low) and _CLARIFY_PLEASE.search(low) is not None:
        return True
    if _YOU_TO.search(low) is not None and _CLARIFY_YOU.search(low) is not None:
        return True
    return "before " in low and _CLARIFY_BEFORE.search(low) is not None


def _says_not_held(low: str) -> bool:
    """Whether `_NOT_HELD` matches: its branches in groups that each start with a literal and
    run only when the text holds it (a search of _NOT_HELD itself tries every position)."""
    # Every branch holds "no" ("not", "none", "no "), "n't" or "nil": three scans rule most
    # texts out before the finer tests.
    if not ("no" in low or "n't" in low or "nil" in low):
        return False
    if "not held" in low or "nil return" in low:
        return True
    if " not" in low and _NOT_HELD_NOT.search(low) is not None:
        return True
    if "n't" in low and _NOT_HELD_NT.search(low) is not None:
        return True
    if "no " in low and _NOT_HELD_NO.search(low) is not None:
        return True
    if "does not exist" in low and _NOT_HELD_EXIST.search(low) is not None:
        return True
    return "none " in low and _NOT_HELD_NONE.search(low) is not None


def _lower(text: str) -> str:
    """Lower case with straight apostrophes ("don’t" -> "don't"); str.replace is fast here."""
    low = text.lower()
    if not low.isascii():
        low = low.replace("’", "'").replace("‘", "'")
    return low


# "eir" not right after an ASCII letter or digit, in UTF-8 bytes (`_may_name_law`).
_EIR_BYTES = re.compile(rb"eir(?<![a-z0-9]eir)")


def _may_name_law(text: str) -> bool:
    """False when `text` cannot name the Scottish Act or the Regulations as `detect_law` reads
    them: the UTF-8 bytes, ASCII lower-cased, hold none of its words. str.lower() of a long
    non-ASCII text costs several times as much as this. Sound because only "İ" and the Kelvin
    sign lower to ASCII ("i̇", "k"), and neither can be part of these words."""
    raw = text.encode("utf-8", "surrogatepass").lower()
    return (
        b"foisa" in raw
        or b"(scotland) act" in raw
        or b"foi(s)a" in raw
        or b"environmental information" in raw
        or b"regulation" in raw
        or b"eisr" in raw
        or _EIR_BYTES.search(raw) is not None
    )


def detect_law(text: str) -> Law:
    """FOISA when the texts name the Scottish Act, EIR when they name the Regulations, EISR
    when they name the Scottish Regulations ("EISRs") or route the request to them.

    A Scottish authority answering under the EISR applies FOISA s.39(2) to set FOISA aside
    (Scottish Information Commissioner guidance: "Environmental information: applying the
    EIRs"), so the Scottish Act with s.39(2) is an EISR response; the Scottish Act without it
    is FOISA, even where the text names the EISR in passing (statistics of requests).
    """
    if not text.isascii() and not _may_name_law(text):
        return Law.FOI
    low = text.lower()
    if "foisa" in low or "(scotland) act" in low or "foi(s)a" in low:
        return Law.EISR if "39(2)" in low or "39 (2)" in low else Law.FOISA
    if "environmental information (scotland) reg" in low or "ei(s)r" in low:
        return Law.EISR
    for m in _EISR_WORD.finditer(low) if "eisr" in low else ():
        if m.start() == 0 or not low[m.start() - 1].isalnum():
            return Law.EISR
    # Each pattern starts with its literal: a plain "in" test first skips the regex call.
    if "environmental information" in low or ("regulation" in low and _EIR_REGULATION.search(low)):
        return Law.EIR
    for m in _EIR_WORD.finditer(low) if "eir" in low else ():
        if m.start() == 0 or not low[m.start() - 1].isalnum():
            return Law.EIR
    return Law.FOI


def find_exemptions(text: str, law: Law = Law.FOI) -> list[str]:
    """Exemption codes cited in `text`, in order of appearance, without repeats."""
    return _find_exemptions(_lower(text), law)


# "sections 21 (Information accessible to applicant by other means) and 22 (Information
# intended for future publication)": the names between the numbers of one citation.
_SECTION_NAME = re.compile(r"(?<=\d)\s*\([a-z][a-z ,'’\-]{6,80}\)")


# "S17 Information is not held = 18", "38(1)(b) Third party personal data = 9": a count of
# how often a provision was used (an answer about FOI statistics), not a ground of refusal.
_STATISTIC = re.compile(r"(?m)^[^\n=]{0,120}=\s*\d[\d,]*\s*$")


def _find_exemptions(low: str, law: Law) -> list[str]:
    found: list[tuple[int, str]] = []
    if "(" in low and _SECTION_NAME.search(low):
        low = _SECTION_NAME.sub("", low)
    if "=" in low and _STATISTIC.search(low):
        low = _STATISTIC.sub("", low)
    if _has_digit(low):
        # Sections are the Scottish Act's under FOISA and the EISR (an EISR response cites FOISA
        # s.39(2), which sends environmental information to the EISR: kept as fs39(2)); EISR
        # regulations 10 and 11 take the sr prefix ("regulation 10(4)(b)" -> sr10(4)(b)).
        scottish = law is Law.FOISA or law is Law.EISR
        prefix = "fs" if scottish else "s"
        valid = _FOISA_SECTIONS if scottish else _FOIA_SECTIONS
        reg_prefix, regulations = (
            ("sr", _EISR_REGULATIONS) if law is Law.EISR else ("r", _EIR_REGULATIONS)
        )
        taken: list[tuple[int, int]] = []
        patterns = [(_SECTION, prefix, valid)]
        # Cheap tests first: "regulation"/"reg."/"r." and "exception" are literal in their patterns.
        if "reg" in low or "r." in low:
            patterns.append((_REGULATION, reg_prefix, regulations))
        if "exception" in low:
            patterns.append((_EXCEPTION, reg_prefix, regulations))
        # search() from the end of each match, as finditer() would go (no pattern matches
        # empty text), but without the iterator, which costs more than the scan when nothing
        # matches, as in most answers.
        for pattern, code_prefix, numbers in patterns:
            m = pattern.search(low)
            while m is not None:
                start = m.start()
                if start and (low[start - 1].isalnum() or low[start - 1] == "'"):
                    pass  # the "s" of "costs 12", the "r" of "year 13"
                elif not _negated(low, start):
                    codes = _codes(m.group("list"), code_prefix, numbers)
                    found.extend(
                        (start, code)
                        for code in codes
                        # Of regulation 6 only 6(1)(b) is a reason given for not providing.
                        if not code.startswith(_FORM_ONLY) or code.endswith("6(1)(b)")
                    )
                    taken.append(m.span())
                m = pattern.search(low, m.end())
        # "12(5)(e)" alone (EIR), "10(4)(b)" alone under the EISR: only those exceptions look so.
        bare, number, code = (
            (_BARE_EISR, "10", "sr10") if law is Law.EISR else (_BARE_EIR, "12", "r12")
        )
        m = bare.search(low) if number in low else None
        while m is not None:
            start = m.start()
            if start and (low[start - 1].isalnum() or low[start - 1] in "(."):
                pass
            elif not any(a <= start < b for a, b in taken) and not _negated(low, start):
                found.append((start, f"{code}({m.group(1)})({m.group(2)})"))
            m = bare.search(low, m.end())
    words, topics = _TOPICS_BY_LAW[law]
    # Most answers hold no topic keyword at all: one pass over all of them first, then the
    # topics one by one only for the few that do.
    for word in words:
        if word in low:
            break
    else:
        topics = ()
    cited = {_family(code) for _, code in found} if found and topics else set()
    for keywords, pattern, code, family in topics:
        if family in cited:
            continue
        for keyword in keywords:
            if keyword in low:
                break
        else:
            continue
        m = pattern.search(low)
        if m and not _negated(low, m.start()):
            found.append((m.start(), code))
            cited.add(family)
    # Most answers cite nothing, or one provision: no sort and no de-duplication to do.
    if len(found) < 2:
        return [found[0][1]] if found else []
    found.sort(key=lambda pair: pair[0])
    return _most_specific(list(dict.fromkeys(code for _, code in found)))


def _most_specific(codes: list[str]) -> list[str]:
    """One provision, one code: "section 12" then "section 12(1)" in one answer cite s12(1), so
    the bare s12 goes ("s23" beside "s23(5)", "s30" beside "s30(3)"). FOISA s.39(2) beside an
    EISR exception only says the EISR apply (Scottish Information Commissioner guidance on
    environmental information): the ground is the exception."""
    if "fs39(2)" in codes and any(c.startswith("sr") for c in codes):
        codes = [c for c in codes if c != "fs39(2)"]
    return [c for c in codes if not any(o != c and o.startswith(c + "(") for o in codes)]


# The same few citations ("40(2)", "12", "31(1)(a) and (b)") recur in answer after answer.
@lru_cache(maxsize=4096)
def _codes(listed: str, prefix: str, valid: frozenset[int]) -> tuple[str, ...]:
    """Codes from "40(2) and 43(2)" or "40(2) and (3)" (the bare "(3)" is 40(3))."""
    codes: list[str] = []
    number: int | None = None
    previous: list[str] = []  # the sub-tokens of the item before
    for m in _LIST_PART.finditer(listed):
        num, raw_subs = m.group("num", "subs")
        if num:
            number = int(num)
        if number is None or number not in valid:
            continue
        # Most citations have no "(2)" after the number: nothing to find then.
        tokens = _SUB_TOKEN.findall(raw_subs) if raw_subs else []
        if not num and tokens:
            # "31(1)(a) and (b)": the bare "(b)" takes the place of "(a)", under "(1)"; never
            # a subsection the text did not cite ("s31(b)").
            kind = tokens[0].isdigit()
            same = [i for i, t in enumerate(previous) if t.isdigit() == kind]
            if same:
                tokens = previous[: same[-1]] + tokens
        previous = tokens
        codes.append(f"{prefix}{number}{''.join(f'({s})' for s in tokens)}")
    return tuple(codes)


def _family(code: str) -> str:
    """ "s40(2)" -> "s40"; "r12(5)(e)" -> "r12(5)", "sr10(4)(b)" -> "sr10(4)": codes a topic
    phrase must not repeat (the EIR's and EISR's exceptions of the request and of its effects
    are families of their own)."""
    head, _, rest = code.partition("(")
    if head in ("r12", "sr10") and rest:
        return f"{head}({rest.split(')')[0]})"
    return head


def _topics_for(law: Law) -> tuple[tuple[str, ...], tuple[_Topic, ...]]:
    """`_TOPICS` under one law: all their keywords, and (keywords, pattern, code, the code's
    family) without the topics that have no code under it."""
    topics = tuple(
        (keywords, pattern, code, _family(code))
        for keywords, pattern, codes in _TOPICS
        if (code := _topic_code(codes, law)) is not None
    )
    words = tuple(dict.fromkeys(word for keywords, *_ in topics for word in keywords))
    return words, topics


# The EISR have the EIR's exceptions under other numbers (EISR reg. 10 and 11): a topic's EIR code
# read as its EISR one, so `_TOPICS` names three laws and the EISR follow the EIR.
_EISR_OF_EIR = {
    "r12(4)(a)": "sr10(4)(a)",
    "r12(4)(b)": "sr10(4)(b)",
    "r12(5)(b)": "sr10(5)(b)",
    "r12(5)(e)": "sr10(5)(e)",
    "r13": "sr11",
}


def _topic_code(codes: dict[Law, str | None], law: Law) -> str | None:
    if law in codes:
        return codes[law]
    return _EISR_OF_EIR.get(codes.get(Law.EIR) or "") if law is Law.EISR else None


_Topic = tuple[tuple[str, ...], re.Pattern[str], str, str]
_TOPICS_BY_LAW = {law: _topics_for(law) for law in Law}


def _negated(low: str, start: int) -> bool:
    """ "this is not a section 12 refusal", "we are not relying on section 43"."""
    begin = max(0, start - 60)
    window = low[begin:start]
    if not ("not" in window or "n't" in window or "no longer" in window or "never" in window):
        return False
    return _NEGATED.search(low, begin, start) is not None


def _provides(sentence: str) -> bool:
    for words, pattern in _PROVIDED:
        for word in words:
            if word in sentence:
                if pattern.search(sentence) is not None:
                    return True
                break  # the group's pattern ran: on to the next group
    return False


_NCND = re.compile(r"neither confirm(?:s|ing)? nor deny")


def neither_confirms_nor_denies(text: str) -> bool:
    """Whether an answer refuses to say if the information is held at all."""
    low = text.lower()
    return "neither confirm" in low and _NCND.search(low) is not None


# "Please see attached spreadsheet", "The information ... is attached.", "Please find enclosed
# the report": the answer is in a document that went with the response, not in its text.
_ATTACHED = re.compile(
    r"\b(?:attached|enclosed|attachment|appendix|annex|spreadsheet|see (?:the )?(?:document|"
    r"file|pdf|excel|table) (?:provided|supplied|sent))\b"
)
_MAX_ATTACHMENT_WORDS = 30


def by_attachment(text: str | None) -> bool:
    """Whether an answer only points to an attached document (its figures are not in the text:
    the officer sees "answered by an attachment", not an answer to read)."""
    if not text:
        return False
    low = text.lower()
    words = low.split()
    if len(words) > _MAX_ATTACHMENT_WORDS or _ATTACHED.search(low) is None:
        return False
    # Figures in the text ("2015 | 1", "42 tickets") are an answer of its own.
    return not any(_states_quantity(s) for s in _sentences(low))


def _states_quantity(sentence: str) -> bool:
    """A sentence with a number that is information, not a citation, date or explanation."""
    digits = _has_digit(sentence)
    if not digits and not _has_number_word(sentence):
        return False  # no quantity: the costlier tests below cannot make it informative
    if (
        _WITHHOLD_SENTENCE.search(sentence)
        or _says_not_held(sentence)
        or _EXPLAINS.search(sentence)
    ):
        return False
    # Without digits the quantity is a number word; _NOT_QUANTITY only removes digit forms.
    if not digits:
        return True
    rest = _NOT_QUANTITY.sub(" ", sentence)
    return _QUANTITY_DIGIT.search(rest) is not None or _has_number_word(rest)


def classify(
    text: str, questions: Iterable[str] = (), law: Law = Law.FOI, whole: bool = False
) -> tuple[Outcome, list[str]]:
    """The outcome and exemption codes of an answer; `questions` are the texts it answers.
    `whole`: the answer covers a request of several questions at once, so a cost or vexatious
    refusal (s.12, s.14, EIR 12(4)(b)) refuses all of it unless it says it provides something;
    the figures it quotes explain the refusal."""
    low = _lower(text).strip()
    if not low:
        return Outcome.PENDING, []
    key = " ".join(low.replace(".", " ").replace("!", " ").split()) if len(low) < _NIL_MAX else ""
    if key in _NIL_NOT_HELD:
        return Outcome.NOT_HELD, []
    if key in _NIL_NUMBER:
        if any(_COUNT_QUESTION.search(q.lower()) for q in questions):
            return Outcome.ANSWERED, []
        return Outcome.NOT_HELD, []
    exemptions = _find_exemptions(low, law)
    if exemptions:
        withheld = [c for c in exemptions if not c.startswith(_NOT_WITHHOLDING)]
        not_held = any(c.startswith(_NOT_HELD_CODES) for c in exemptions)
    else:  # most answers: no comprehension or generator to run
        withheld, not_held = [], False
    if withheld and neither_confirms_nor_denies(low):
        # Neither confirm nor deny (FOIA s.1(1)(a) excluded by s.23(5), s.24(2), s.31(3) ...):
        # the answer refuses even to say whether the information is held, whatever figures
        # the explanation quotes.
        return Outcome.REFUSED, exemptions
    if withheld or not_held or _says_not_held(low):
        # Whether some sentence gives information. Its phrases never span a sentence end, so
        # "points to the information" and "has a number at all" are tested on the whole text.
        if _provides(low):
            informative = True
        elif whole and withheld and all(c.startswith(_PROCEDURAL) for c in withheld):
            informative = False  # a whole-request cost refusal: its figures explain it
        elif not _has_digit(low) and not _has_number_word(low):
            informative = False
        else:
            informative = any(_states_quantity(s) for s in _sentences(low))
        if withheld:
            return (Outcome.PARTLY_ANSWERED if informative else Outcome.REFUSED), exemptions
        if _clarifies(low):
            return Outcome.CLARIFICATION_NEEDED, exemptions
        return (Outcome.PARTLY_ANSWERED if informative else Outcome.NOT_HELD), exemptions
    if _clarifies(low):
        return Outcome.CLARIFICATION_NEEDED, exemptions
    return Outcome.ANSWERED, exemptions


def combine(outcomes: list[Outcome]) -> Outcome:
    """One question's outcome from the answers that cover it."""
    distinct = set(outcomes)
    if not distinct:
        return Outcome.PENDING
    if len(distinct) == 1:
        return outcomes[0]
    distinct.discard(Outcome.PENDING)
    if len(distinct) == 1:
        return distinct.pop()
    if distinct & {Outcome.ANSWERED, Outcome.PARTLY_ANSWERED}:
        return Outcome.PARTLY_ANSWERED
    if Outcome.REFUSED in distinct:
        return Outcome.REFUSED
    if Outcome.NOT_HELD in distinct:
        return Outcome.NOT_HELD
    return Outcome.CLARIFICATION_NEEDED
