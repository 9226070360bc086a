"""Outcome and exemption codes read from an answer's text.

Codes are the provision as cited, normalised: FOIA ``s12``, ``s14(2)``, ``s40(2)``,
``s31(1)(a)``; EIR ``r12(4)(a)``, ``r13``; FOISA (when the texts name the Scottish Act) ``fs17``,
``fs38(1)(b)``. Only provisions that refuse or withhold count (FOIA s12, s14, s21 to s44 but
s25; EIR regulations 12 and 13; FOISA s12, s14, s17, s25 to s41), so "section 1(1)(a)",
"section 16 advice" or "regulation 5" are not exemptions. A few phrases stand for a provision
when no section of that number is cited: "cost limit" (s12), "vexatious" (s14(1)), "repeated
request" (s14(2)), withheld "personal data" (s40(2)), "reasonably accessible" (s21), ...

Outcome, in this order: any withholding exemption -> ``refused``, or ``partly_answered`` when
some information is given as well; a request to clarify -> ``clarification_needed``; "not held"
-> ``not_held`` (``partly_answered`` with information given); otherwise ``answered``.
An answer that is only "None"/"Nil" is ``not_held``, except to a question asking how many or how
much, where it is a figure (zero): ``answered``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from foitui.models import Law, Outcome
from foitui.parsing.text import compare_key

_SUBS = r"(?:\s?\(\s?(?:\d{1,2}|[a-zA-Z]{1,4})\s?\))"
_NUMBER_LIST = (
    rf"(?P<list>\d{{1,2}}(?!\d){_SUBS}{{0,3}}"
    rf"(?:\s*(?:,|&|\band\b|\bor\b|/)\s*(?:\d{{1,2}}(?!\d){_SUBS}{{0,3}}|{_SUBS}{{1,3}}))*)"
)
_SECTION = re.compile(
    rf"(?<![\w'’])(?:sections?|secs?\.?|ss?\.|s(?=\s?\d))\s*{_NUMBER_LIST}", re.IGNORECASE
)
_REGULATION = re.compile(
    rf"(?<![\w'’])(?:regulations?|regs?\.?|r\.(?=\s?\d)|exceptions?(?:\s+(?:at|under|in))?)"
    rf"\s*{_NUMBER_LIST}",
    re.IGNORECASE,
)
# "12(5)(e)" without "regulation": only EIR regulation 12(4) and 12(5) look like that.
_BARE_EIR = re.compile(r"(?<![\w(.])12\s?\(\s?([45])\s?\)\s?\(\s?([a-g])\s?\)", re.IGNORECASE)
_LIST_PART = re.compile(rf"(?P<num>\d{{1,2}})?(?P<subs>{_SUBS}*)")
_SUB_TOKEN = re.compile(r"\(\s?([0-9a-zA-Z]+)\s?\)")
_NEGATED = re.compile(
    r"(?:\bnot|n't|\bno longer|\bnever)\s+(?:(?:be|been|a|an|the|this|is|being|applying|applied|"
    r"apply|relying|relied|rely|on|using|used|use|engaging|engaged|engage|under|citing|cited|"
    r"cite|considered|consider|treated|as|refusing|refused)\s+){0,4}$",
    re.IGNORECASE,
)

_FOIA_SECTIONS = frozenset([12, 14, *range(21, 25), *range(26, 45)])
_FOISA_SECTIONS = frozenset([12, 14, 17, *range(25, 42)])
_EIR_REGULATIONS = frozenset([12, 13])

_FOISA_CONTEXT = re.compile(
    r"Freedom of Information \(Scotland\) Act|\bFOISA\b|\bFOI\s?\(S\)\s?A\b", re.IGNORECASE
)
_EIR_CONTEXT = re.compile(
    r"Environmental Information Regulations|\bEIRs?\b(?!\s*[-/:#]?\s*\d{3})|\bEIR 2004\b"
    r"|\bregulation\s+1[23]\b",
    re.IGNORECASE,
)

_WITHHOLDING = (
    r"(?:withh(?:eld|old|olding)|exempt|redact|not (?:be )?(?:disclos|releas|provid|shar|publish)"
    r"|cannot|can ?not|can't|unable|refus|declin|would (?:breach|contravene|be unfair|prejudice)"
    r"|protect)"
)
# Phrases that stand for a provision, with the code under FOIA, EIR and FOISA (None: no code).
_TOPICS: list[tuple[re.Pattern[str], dict[Law, str | None]]] = [
    (
        re.compile(
            r"\b(?:cost (?:limit|threshold|ceiling)|appropriate limit|exceed(?:s|ed|ing)? (?:the )?"
            r"(?:£\s?(?:450|600)|cost|limit)|(?:more|longer) than (?:18|24|eighteen|twenty[- ]four)"
            r" hours|in excess of (?:18|24) hours|over (?:18|24) hours|£\s?(?:450|600) limit)",
            re.IGNORECASE,
        ),
        {Law.FOI: "s12", Law.EIR: "s12", Law.FOISA: "fs12"},
    ),
    (
        re.compile(r"\bvexatious\b", re.IGNORECASE),
        {Law.FOI: "s14(1)", Law.EIR: "r12(4)(b)", Law.FOISA: "fs14(1)"},
    ),
    (
        re.compile(r"\b(?:repeat(?:ed)? requests?|substantially similar)\b", re.IGNORECASE),
        {Law.FOI: "s14(2)", Law.EIR: "r12(4)(b)", Law.FOISA: "fs14(2)"},
    ),
    (
        re.compile(r"\bmanifestly unreasonable\b", re.IGNORECASE),
        {Law.FOI: "r12(4)(b)", Law.EIR: "r12(4)(b)", Law.FOISA: "r12(4)(b)"},
    ),
    (
        re.compile(
            rf"\bpersonal (?:data|information)\b[^.;]*?\b{_WITHHOLDING}|\b{_WITHHOLDING}[^.;]*?"
            r"\bpersonal (?:data|information)\b",
            re.IGNORECASE,
        ),
        {Law.FOI: "s40(2)", Law.EIR: "r13", Law.FOISA: "fs38(1)(b)"},
    ),
    (
        re.compile(
            r"\breasonably accessible\b|\baccessible to (?:you|the applicant) by other means",
            re.IGNORECASE,
        ),
        {Law.FOI: "s21", Law.EIR: None, Law.FOISA: "fs25"},
    ),
    (
        re.compile(r"\bintended for (?:future )?publication\b", re.IGNORECASE),
        {Law.FOI: "s22", Law.EIR: None, Law.FOISA: "fs27"},
    ),
    (
        re.compile(
            rf"\bcommercial(?:ly)? (?:sensitive|interests?|confiden)[^.;]*?\b{_WITHHOLDING}|"
            rf"\b{_WITHHOLDING}[^.;]*?\bcommercial(?:ly)? (?:sensitive|interests?|confiden)",
            re.IGNORECASE,
        ),
        {Law.FOI: "s43(2)", Law.EIR: "r12(5)(e)", Law.FOISA: "fs33(1)(b)"},
    ),
    (
        re.compile(r"\blegal professional privilege\b", re.IGNORECASE),
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
# "None" answers "details of any reports" (not held) but also "how many" (zero).
_NIL_NUMBER = frozenset(["none", "nil", "none whatsoever"])
_COUNT_QUESTION = re.compile(
    r"\b(?:how many|how much|how often|how long|number of|amount of|total (?:number|amount|cost|"
    r"value|spend)|what (?:was|is|were|are) the (?:total|cost|amount|number|value))\b",
    re.IGNORECASE,
)
_NOT_HELD = re.compile(
    r"\b(?:not held|(?:does|do|did)(?: not|n't) (?:hold|have|keep|record|collect|retain)\b|"
    r"(?:is|are|was|were)(?: not|n't) (?:held|recorded|collected|kept|retained)\b|"
    r"holds? no (?:recorded )?(?:information|data|records?)|has no (?:recorded )?(?:information|"
    r"data|records?)|no (?:recorded |such |relevant )?(?:information|data|records?|documents?|"
    r"reports?) (?:is |are |was |were )?(?:held|recorded|exists?|kept|found|located)|"
    r"nil return|information (?:requested )?does not exist|there (?:is|are|were|was) no (?:such |"
    r"relevant |recorded )?(?:records?|documents?|information|data|reports?|minutes)|none (?:held|"
    r"found|recorded))",
    re.IGNORECASE,
)
_PROVIDED = re.compile(
    r"\b(?:please (?:find|see) (?:attached|enclosed|below)|(?:is|are) attached|attached (?:is|are|"
    r"spreadsheet|document|file|table)|(?:i|we) (?:attach|enclose|have attached|have enclosed)|"
    r"see (?:the )?(?:attached|table below)|as follows|(?:is|are) (?:provided|set out|shown|listed|"
    r"detailed) below|below (?:is|are)|partial(?:ly)?|in part|some (?:of the )?information|the "
    r"remaining|the remainder|rest of the information|redact(?:ed|ion|ions)?|however,? (?:we|the "
    r"council|i) (?:can|are able to|have|do) (?:provide|supply|disclose|hold)|(?:we|the council) "
    r"(?:can|are able to|is able to) (?:provide|supply|disclose)|(?:figures?|numbers?|totals?|costs?"
    r"|amounts?)\b[^.]{0,30}\b(?:is|are|was|were)\s*:?\s*£?\d)",
    re.IGNORECASE,
)
_CLARIFY = re.compile(
    r"\b(?:(?:please|could you|can you|would you|kindly|grateful if you (?:could|would))\b[^.?!]{0,40}"
    r"\bclarify\b|(?:need|require|seek|seeking|request|requesting|ask for|awaiting)\s+(?:some |"
    r"further |more )?clarification|clarification (?:is|was) (?:needed|required))",
    re.IGNORECASE,
)


def detect_law(text: str) -> Law:
    """FOISA when the texts name the Scottish Act, EIR when they name the Regulations."""
    if _FOISA_CONTEXT.search(text):
        return Law.FOISA
    if _EIR_CONTEXT.search(text):
        return Law.EIR
    return Law.FOI


def find_exemptions(text: str, law: Law = Law.FOI) -> list[str]:
    """Exemption codes cited in `text`, in order of appearance, without repeats."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for m in _SECTION.finditer(text):
        if _negated(text, m.start()):
            continue
        prefix = "fs" if law is Law.FOISA else "s"
        valid = _FOISA_SECTIONS if law is Law.FOISA else _FOIA_SECTIONS
        found.extend((m.start(), code) for code in _codes(m.group("list"), prefix, valid))
        taken.append(m.span())
    for m in _REGULATION.finditer(text):
        if not _negated(text, m.start()):
            found.extend((m.start(), c) for c in _codes(m.group("list"), "r", _EIR_REGULATIONS))
            taken.append(m.span())
    for m in _BARE_EIR.finditer(text):
        if not any(a <= m.start() < b for a, b in taken) and not _negated(text, m.start()):
            found.append((m.start(), f"r12({m.group(1)})({m.group(2).lower()})"))
    cited = {_family(code) for _, code in found}
    for pattern, codes in _TOPICS:
        code = codes[law]
        if code is None or _family(code) in cited:
            continue
        m = pattern.search(text)
        if m and not _negated(text, m.start()):
            found.append((m.start(), code))
            cited.add(_family(code))
    found.sort(key=lambda pair: pair[0])
    return list(dict.fromkeys(code for _, code in found))


def _codes(listed: str, prefix: str, valid: frozenset[int]) -> list[str]:
    """Codes from "40(2) and 43(2)" or "40(2) and (3)" (the bare "(3)" is 40(3))."""
    codes: list[str] = []
    number: int | None = None
    for m in _LIST_PART.finditer(listed):
        if not m.group(0):
            continue
        if m.group("num"):
            number = int(m.group("num"))
        if number is None or number not in valid:
            continue
        subs = "".join(f"({s.lower()})" for s in _SUB_TOKEN.findall(m.group("subs")))
        codes.append(f"{prefix}{number}{subs}")
    return codes


def _family(code: str) -> str:
    """"s40(2)" -> "s40"; "r12(5)(e)" -> "r12(5)": codes a topic phrase must not repeat."""
    head, _, rest = code.partition("(")
    if head == "r12" and rest:
        return f"r12({rest.split(')')[0]})"
    return head


def _negated(text: str, start: int) -> bool:
    """"this is not a section 12 refusal", "we are not relying on section 43"."""
    return _NEGATED.search(text, max(0, start - 60), start) is not None


def classify(
    text: str, questions: Iterable[str] = (), law: Law = Law.FOI
) -> tuple[Outcome, list[str]]:
    """The outcome and exemption codes of an answer; `questions` are the texts it answers."""
    stripped = text.strip()
    if not stripped:
        return Outcome.PENDING, []
    key = compare_key(stripped)
    if key in _NIL_NOT_HELD:
        return Outcome.NOT_HELD, []
    if key in _NIL_NUMBER:
        if any(_COUNT_QUESTION.search(q) for q in questions):
            return Outcome.ANSWERED, []
        return Outcome.NOT_HELD, []
    exemptions = find_exemptions(stripped, law)
    provided = _PROVIDED.search(stripped) is not None
    withheld = [code for code in exemptions if not code.startswith("fs17")]
    if withheld:
        return (Outcome.PARTLY_ANSWERED if provided else Outcome.REFUSED), exemptions
    if _CLARIFY.search(stripped):
        return Outcome.CLARIFICATION_NEEDED, exemptions
    if exemptions or _NOT_HELD.search(stripped):  # FOISA s17 is the "not held" notice
        return (Outcome.PARTLY_ANSWERED if provided else Outcome.NOT_HELD), exemptions
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
    gave = distinct & {Outcome.ANSWERED, Outcome.PARTLY_ANSWERED}
    if gave:
        return Outcome.PARTLY_ANSWERED
    if Outcome.REFUSED in distinct:
        return Outcome.REFUSED
    if Outcome.NOT_HELD in distinct:
        return Outcome.NOT_HELD
    return Outcome.CLARIFICATION_NEEDED
