"""The catalogue of exemptions, exceptions and refusal grounds, and the codes that name them.

Codes are the canonical forms of the record JSON (CONTRACT.md): FOIA sections ``s12``, ``s14(2)``,
``s22A``, ``s40(2)``; EIR regulations ``r12(4)(a)``, ``r12(5)(e)``, ``r13``; FOISA sections with an
``fs`` prefix, ``fs17``; EISR regulations with an ``sr`` prefix, ``sr10(4)(a)``, ``sr11`` (their
own prefix, because EIR reg. 13 is personal data and EISR reg. 13 is the refusal notice).
`normalise_code` turns what people type or write in letters into them.

Sources: FOIA Part II (ss.21-44; there is no s.25) and s.2(3) for the absolute exemptions; EIR
reg. 12 and 13; FOISA Part 2 (ss.25-41) and s.2(2) for its absolute exemptions; EISR reg. 10
(exceptions, all subject to the public interest, reg. 10(1)(b)) and reg. 11 (personal data).
s.12, s.14 and FOISA s.17 are grounds for refusal or notices, not exemptions: they carry no
public interest test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from foitui.kinds import Law
from foitui.law.regimes import LAW_NAMES, REGIMES, regime, regime_of_code


class Kind(StrEnum):
    """What a provision is, which decides whether a public interest test applies."""

    EXEMPTION = "exemption"
    """FOIA and FOISA exemptions: a public interest test unless absolute."""
    EXCEPTION = "exception"
    """EIR exceptions: a public interest test, with a presumption in favour of disclosure."""
    REFUSAL = "refusal"
    """A ground for refusing a request (cost, vexatious, repeated): no public interest test."""
    PROCEDURAL = "procedural"
    """A provision about how a request is answered, not a ground for withholding: a notice that
    the information is not held (FOISA s.17), publicly available in another form or format (EIR
    reg. 6(1)(b), EISR reg. 6(1)(b)). No public interest test."""
    NOTICE = "procedural"  # the older name of PROCEDURAL (an alias: the same member)


@dataclass(frozen=True, slots=True)
class Exemption:
    """One provision an answer can rely on.

    `code` is canonical (``s43(2)``), `section` is the citation as people write it (``s.43(2)``,
    ``reg. 12(5)(e)``), `absolute` is True when no public interest test applies to it, at least in
    part (`note` says where the line falls).
    """

    code: str
    section: str
    name: str
    absolute: bool
    law: Law
    note: str | None = None
    kind: Kind = Kind.EXEMPTION
    partly: bool = False
    """Absolute in part only (FOIA s.40(2): the first condition; s.36: the Houses of Parliament)."""

    @property
    def citation(self) -> str:
        """The section with its law: ``FOIA s.43(2)``, ``EIR reg. 12(5)(e)``, ``FOISA s.17``."""
        return f"{_LAW_NAMES[self.law]} {self.section}"

    @property
    def public_interest_test(self) -> bool:
        """True when withholding needs the public interest balanced (FOIA s.2, EIR reg. 12(1))."""
        return not self.absolute and self.kind in (Kind.EXEMPTION, Kind.EXCEPTION)

    def label(self) -> str:
        """The code and the name, for a picker or a table: ``s43(2) Commercial interests``."""
        return f"{self.code} {self.name}"

    @property
    def absolute_json(self) -> bool | str:
        """`absolute` as the catalogue JSON gives it: true, false or ``"partly"``."""
        return "partly" if self.partly else self.absolute

    def to_json(self) -> dict[str, object]:
        """One entry of `foitui exemptions --json` (docs/contract.md)."""
        return {
            "code": self.code,
            "law": self.law.value,
            "provision": self.citation,
            "name": self.name,
            "kind": KIND_WORDS[self.kind],
            "absolute": self.absolute_json,
        }


KIND_WORDS: Final = MappingProxyType(
    {
        Kind.EXEMPTION: "exemption",
        Kind.EXCEPTION: "exception",
        Kind.REFUSAL: "refusal ground",
        Kind.PROCEDURAL: "procedural",
    }
)
"""The `kind` of the catalogue JSON: a ground for refusal is a "refusal ground"."""


_LAW_NAMES: Final = LAW_NAMES
_PREFIXES: Final = {law: r.code_prefix for law, r in REGIMES.items()}

_NO_PIT = "Not an exemption: no public interest test."


def _section(code: str, law: Law) -> str:
    """The citation of a canonical code: s40(2) -> s.40(2), r12(5)(e) -> reg. 12(5)(e)."""
    rules = regime(law)
    return f"{rules.provision_word}{code.removeprefix(rules.code_prefix)}"


def _entry(
    code: str,
    name: str,
    *,
    absolute: bool = False,
    note: str | None = None,
    kind: Kind | None = None,
    partly: bool = False,
) -> Exemption:
    law = regime_of_code(code).law
    if kind is None:
        kind = Kind.EXCEPTION if law in (Law.EIR, Law.EISR) else Kind.EXEMPTION
    return Exemption(code, _section(code, law), name, absolute, law, note, kind, partly)


_ENTRIES: Final = (
    # FOIA 2000: refusal grounds, then Part II in section order (s.2(3) lists the absolute ones).
    _entry("s12", "Cost of compliance exceeds appropriate limit", kind=Kind.REFUSAL, note=_NO_PIT),
    _entry("s14(1)", "Vexatious request", kind=Kind.REFUSAL, note=_NO_PIT),
    _entry("s14(2)", "Repeated request", kind=Kind.REFUSAL, note=_NO_PIT),
    _entry("s21", "Information accessible by other means", absolute=True),
    _entry("s22", "Information intended for future publication"),
    _entry("s22A", "Research"),
    _entry("s23", "Security bodies", absolute=True),
    _entry("s24", "National security"),
    _entry("s26", "Defence"),
    _entry("s27", "International relations"),
    _entry("s28", "Relations within the UK"),
    _entry("s29", "The economy"),
    _entry("s30", "Investigations and proceedings"),
    _entry("s31", "Law enforcement"),
    _entry("s32", "Court records", absolute=True),
    _entry("s33", "Audit functions"),
    _entry("s34", "Parliamentary privilege", absolute=True),
    _entry("s35", "Formulation of government policy"),
    _entry(
        "s36",
        "Prejudice to effective conduct of public affairs",
        note="Absolute only for information held by the House of Commons or House of Lords.",
        partly=True,
    ),
    # s.37(1)(a), (aa) and (ab) are absolute (s.2(3)(ea), inserted by the Constitutional Reform
    # and Governance Act 2010, Sch. 7 para. 3); the other limbs are qualified.
    _entry("s37(1)(a)", "Communications with the Sovereign", absolute=True),
    _entry(
        "s37(1)(aa)",
        "Communications with the heir to, or second in line to, the Throne",
        absolute=True,
    ),
    _entry(
        "s37(1)(ab)",
        "Communications with a person who has since acceded to the Throne or become heir",
        absolute=True,
    ),
    _entry("s37(1)(ac)", "Communications with other members of the Royal Family"),
    _entry("s37(1)(ad)", "Communications with the Royal Household"),
    _entry("s37(1)(b)", "Honours and dignities"),
    _entry("s38", "Health and safety"),
    _entry("s39", "Environmental information", note="Handle the request under the EIR."),
    _entry(
        "s40(1)", "Personal data of the requester", absolute=True, note="A subject access request."
    ),
    _entry(
        "s40(2)",
        "Personal data of third parties",
        absolute=True,
        note="Absolute where disclosure would breach the data protection principles (the first "
        "condition, s.40(3A)(a)); qualified for the other conditions.",
        partly=True,
    ),
    _entry("s41", "Information provided in confidence", absolute=True),
    _entry("s42", "Legal professional privilege"),
    _entry("s43(1)", "Trade secrets"),
    _entry("s43(2)", "Commercial interests"),
    _entry("s44", "Prohibitions on disclosure", absolute=True),
    # EIR 2004: reg. 6(1)(b), a form-and-format provision; reg. 12 exceptions (all subject to
    # the public interest, reg. 12(1)(b)); reg. 12(9) on emissions; reg. 13.
    _entry(
        "r6(1)(b)",
        "Publicly available and easily accessible in another form or format",
        kind=Kind.PROCEDURAL,
        note="Not an exception: the information need not be given in the form asked for; say "
        "where it is, by a reg. 6(2) notice within 20 working days. No public interest test.",
    ),
    _entry(
        "r12(3)",
        "Personal data",
        absolute=True,
        note="Third-party personal data is disclosed only as reg. 13 allows.",
    ),
    _entry(
        "r12(4)(a)",
        "Information not held",
        note="No public interest to weigh in practice: there is nothing to disclose.",
    ),
    _entry("r12(4)(b)", "Manifestly unreasonable"),
    _entry("r12(4)(c)", "Too general", note="Give advice and assistance (reg. 9)."),
    _entry("r12(4)(d)", "Unfinished documents"),
    _entry("r12(4)(e)", "Internal communications"),
    _entry("r12(5)(a)", "International relations, defence, national security or public safety"),
    _entry("r12(5)(b)", "Course of justice"),
    _entry("r12(5)(c)", "Intellectual property rights"),
    _entry("r12(5)(d)", "Confidentiality of proceedings"),
    _entry("r12(5)(e)", "Commercial confidentiality"),
    _entry("r12(5)(f)", "Interests of the person who provided the information"),
    _entry("r12(5)(g)", "Protection of the environment"),
    _entry(
        "r12(9)",
        "Information on emissions: reg. 12(5)(d) to (g) cannot be relied on",
        kind=Kind.PROCEDURAL,
        note="Not an exception: it takes away reg. 12(5)(d)-(g) for information on emissions.",
    ),
    _entry(
        "r13",
        "Personal data",
        absolute=True,
        note="Absolute where disclosure would breach the data protection principles; qualified "
        "for the other conditions (as FOIA s.40(2)).",
        partly=True,
    ),
    # FOISA 2002: refusal grounds, the s.17 notice, then Part 2 (s.2(2) lists the absolute ones).
    _entry("fs12", "Excessive cost of compliance", kind=Kind.REFUSAL, note=_NO_PIT),
    _entry("fs14", "Vexatious or repeated requests", kind=Kind.REFUSAL, note=_NO_PIT),
    _entry(
        "fs17",
        "Information not held",
        kind=Kind.NOTICE,
        note="A notice that the information is not held, not an exemption.",
    ),
    _entry("fs25", "Information otherwise accessible", absolute=True),
    _entry("fs26", "Prohibitions on disclosure", absolute=True),
    _entry("fs27", "Information intended for future publication"),
    _entry("fs28", "Relations within the UK"),
    _entry("fs29", "Formulation of Scottish Administration policy"),
    _entry("fs30", "Prejudice to effective conduct of public affairs"),
    _entry("fs31", "National security and defence"),
    _entry("fs32", "International relations"),
    _entry("fs33", "Commercial interests and the economy"),
    _entry("fs34", "Investigations by Scottish public authorities"),
    _entry("fs35", "Law enforcement"),
    # FOISA s.2(2)(c): s.36(2) is absolute; s.36(1) is not in s.2(2), so it is qualified.
    _entry("fs36(1)", "Confidentiality of communications in legal proceedings"),
    _entry("fs36(2)", "Actionable breach of confidence", absolute=True),
    _entry("fs37", "Court records", absolute=True),
    _entry(
        "fs38",
        "Personal information",
        absolute=True,
        note="Absolute for the requester's own data and, mostly, third-party data (s.2(2)(e)).",
        partly=True,
    ),
    _entry("fs39", "Health, safety and the environment"),
    _entry("fs40", "Audit functions"),
    _entry("fs41", "Communications with His Majesty and honours"),
    # EISR 2004 (SSI 2004/520): reg. 10(4) and 10(5) exceptions, each subject to the public
    # interest test with a presumption in favour of disclosure (reg. 10(1), 10(2)); reg. 11
    # personal data; reg. 6(1)(b), which is about the form of an answer, not an exception.
    _entry(
        "sr6(1)(b)",
        "Publicly available and easily accessible in another form or format",
        kind=Kind.PROCEDURAL,
        note="A form-and-format provision, not an exception: say where the information is "
        "(reg. 6(1)(b)); no public interest test.",
    ),
    _entry(
        "sr10(4)(a)",
        "Information not held",
        note="No public interest to weigh in practice: there is nothing to disclose.",
    ),
    _entry("sr10(4)(b)", "Manifestly unreasonable"),
    _entry("sr10(4)(c)", "Too general", note="Give advice and assistance (reg. 9)."),
    _entry("sr10(4)(d)", "Material still being completed, unfinished documents, incomplete data"),
    _entry("sr10(4)(e)", "Internal communications"),
    _entry("sr10(5)(a)", "International relations, defence, national security or public safety"),
    _entry("sr10(5)(b)", "Course of justice"),
    _entry("sr10(5)(c)", "Intellectual property rights"),
    _entry("sr10(5)(d)", "Confidentiality of proceedings"),
    _entry("sr10(5)(e)", "Commercial confidentiality"),
    _entry("sr10(5)(f)", "Interests of the person who provided the information"),
    _entry("sr10(5)(g)", "Protection of the environment"),
    _entry(
        "sr11",
        "Personal data",
        absolute=True,
        note="Absolute where disclosure would breach the data protection principles (the first "
        "condition); qualified for the other conditions (as FOIA s.40(2)).",
        partly=True,
    ),
)

CATALOGUE: Final[MappingProxyType[str, Exemption]] = MappingProxyType(
    {entry.code: entry for entry in _ENTRIES}
)
"""Every provision by canonical code, in picker order: FOIA, then EIR, FOISA, EISR."""

# Statutory headings of the sections that the catalogue lists only by subsection, so that a
# citation of the whole section (``section 43``) still has a name.
_PARENT_NAMES: Final = {
    "s14": "Vexatious or repeated requests",
    "s37": "Communications with His Majesty and honours",
    "fs36": "Confidentiality",
    "s40": "Personal information",
    "s43": "Commercial interests",
    "r12": "Exceptions to the duty to disclose",
    "r12(4)": "Exceptions for the request or the state of the information",
    "r12(5)": "Exceptions for adverse effects of disclosure",
    "sr10": "Exceptions from the duty to make environmental information available",
    "sr10(4)": "Exceptions for the request or the state of the information",
    "sr10(5)": "Exceptions for adverse effects of disclosure",
}


# --- codes --------------------------------------------------------------------------------------

_LAW_TAGS: Final = (
    (
        Law.EISR,
        re.compile(r"environmental information \(scotland\) regulations|\beisrs?\b"),
    ),
    (Law.FOISA, re.compile(r"freedom of information \(scotland\) act|foi\s*\(\s*s\s*\)\s*a|foisa")),
    (Law.EIR, re.compile(r"environmental information regulations|\beirs?\b")),
    (Law.FOI, re.compile(r"freedom of information act|\bfoia\b|\bfoi\b")),
)
_FILLER: Final = re.compile(r"\b(?:of|the|act|20(?:00|02|04))\b")
_CITATION: Final = re.compile(
    r"(?P<prefix>fs|sr|sections?|sect|sec|ss|s|§|regulations?|regs?|r)?\s*\.?\s*"
    r"(?P<number>\d{1,3})\s*(?P<letter>[a-z](?![a-z]))?"
    r"(?P<parts>(?:\s*\(\s*[0-9a-z]{1,4}\s*\))*)"
)
_PART: Final = re.compile(r"\(\s*([0-9a-z]{1,4})\s*\)")


def normalise_code(text: str) -> str | None:
    """The canonical code for a citation as people write it, or None when it names no provision.

    ``"s.40(2)"``, ``"section 40(2)"``, ``"S40 (2)"`` and ``"40(2)"`` give ``s40(2)``;
    ``"reg 12(4)(a)"``, ``"regulation 12(5)(e)"`` and ``"12(4)(a)"`` give EIR codes;
    ``"FOISA s17"`` and ``"fs17"`` give ``fs17``; ``"sr10(4)(a)"``, ``"EISR reg 11"`` and
    ``"regulation 10(4)(b)"`` (no EIR regulation 10 withholds anything) give EISR codes. A
    subsection not in the catalogue is kept when its section is (``s.31(1)(a)``), but a section
    that has no entry (``s25``, ``s99``) is None. Without a law or prefix, FOIA is tried first,
    then the EIR (``"13"`` gives ``r13``), then the EISR.
    """
    tagged, rest = _take_law_tag(" ".join(text.lower().replace("\u00a0", " ").split()))
    match = _CITATION.fullmatch(_FILLER.sub(" ", rest).strip())
    if match is None:
        return None
    number = match["number"].lstrip("0") + (match["letter"] or "").upper()
    parts = "".join(f"({part})" for part in _PART.findall(match["parts"]))
    prefix = match["prefix"] or ""
    if prefix == "fs":
        laws = [Law.FOISA] if tagged in (None, Law.FOISA) else []
    elif prefix == "sr":
        laws = [Law.EISR] if tagged in (None, Law.EISR) else []
    elif prefix.startswith("r"):
        # "regulation" alone: the EIR first, the EISR where the EIR have no such provision.
        laws = [tagged] if tagged in (Law.EIR, Law.EISR) else [] if tagged else [Law.EIR, Law.EISR]
    elif tagged is not None:
        laws = [tagged]
    else:
        laws = [Law.FOI] if prefix else [Law.FOI, Law.EIR, Law.EISR]
    candidates = [f"{_PREFIXES[law]}{number}{parts}" for law in laws]
    for code in candidates:
        if code in CATALOGUE or code in _PARENT_NAMES:
            return code
    for code in candidates:
        if _ancestor(code) is not None:
            return code
    return None


def _take_law_tag(text: str) -> tuple[Law | None, str]:
    """The law a citation names (``FOIA``, ``EIR``, ``FOISA``, ``EISR``), and the text without
    it."""
    for law, pattern in _LAW_TAGS:
        if pattern.search(text):
            return law, pattern.sub(" ", text)
    return None, text


def _ancestor(code: str) -> Exemption | None:
    """The nearest entry above `code`: ``s31(1)(a)`` -> s31, ``s40(5)`` -> the s40 heading."""
    while "(" in code:
        code = code[: code.rindex("(")]
        if code in CATALOGUE:
            return CATALOGUE[code]
        if code in _PARENT_NAMES:
            return _parent(code)
    return None


def _parent(code: str) -> Exemption:
    """A synthetic entry for a section listed by subsection, named by its statutory heading.

    Absolute when all its listed subsections are, "partly" when only some are (s.37).
    """
    children = [e for c, e in CATALOGUE.items() if c.startswith(code + "(")]
    law, kind = children[0].law, children[0].kind
    absolute = all(child.absolute and not child.partly for child in children)
    partly = not absolute and any(child.absolute or child.partly for child in children)
    listed = ", ".join(child.code for child in children)
    return Exemption(
        code,
        _section(code, law),
        _PARENT_NAMES[code],
        absolute or partly,
        law,
        f"Cite one of {listed}.",
        kind,
        partly,
    )


def lookup(code: str) -> Exemption | None:
    """The entry for a code or citation, or None when it names nothing in the catalogue.

    A whole section listed only by subsection gets a synthetic entry named by its heading
    (``lookup("s43")`` is "Commercial interests"); a finer subsection than the catalogue lists
    takes its section's entry under its own code (``lookup("s31(1)(a)")`` is "Law enforcement").
    """
    canonical = code if code in CATALOGUE else normalise_code(code)
    if canonical is None:
        return None
    if canonical in CATALOGUE:
        return CATALOGUE[canonical]
    if canonical in _PARENT_NAMES:
        return _parent(canonical)
    ancestor = _ancestor(canonical)
    if ancestor is None:
        return None
    return replace(ancestor, code=canonical, section=_section(canonical, ancestor.law))


def section_of(code: str) -> str:
    """The provision a code is counted under in filters and statistics.

    A FOIA or FOISA code counts under its section: ``s12(1)`` and ``s12`` are one ground (the
    cost limit), ``s31(1)(a)`` and ``s31(1)(b)`` one exemption (law enforcement), so a filter on
    s12 finds a request that cites only s12(1). The EIR's and EISR's exceptions are paragraphs of
    one regulation (reg. 12(4)(a) not held, reg. 12(5)(e) commercial confidentiality: different
    grounds), so an EIR or EISR code counts under its catalogue entry (a finer paragraph under
    the entry above it). Never a provision the code does not sit in.
    """
    head = code.split("(", 1)[0]
    if regime_of_code(code).law in (Law.FOI, Law.FOISA):
        return head
    if code in CATALOGUE:
        return code
    ancestor = _ancestor(code)
    return ancestor.code if ancestor is not None else code


def one_code_each(codes: list[str]) -> list[str]:
    """Each provision once, as cited most precisely: ``[s12, s12(1)]`` for one refusal is
    ``[s12(1)]`` ("section 12" then "section 12(1)" name one ground). Order kept."""
    unique = list(dict.fromkeys(codes))
    return [c for c in unique if not any(o != c and o.startswith(c + "(") for o in unique)]


def describe(code: str) -> str:
    """``"s43(2) Commercial interests"``; a code that names nothing is described as itself."""
    entry = lookup(code)
    return entry.label() if entry is not None else code


def for_law(law: Law) -> list[Exemption]:
    """The catalogue entries of one law, in picker order."""
    return [entry for entry in CATALOGUE.values() if entry.law is Law(law)]


def catalogue_text(entries: list[Exemption]) -> str:
    """`foitui exemptions` as a table: code, provision, kind, absolute, name (and the note)."""
    lines = []
    for entry in entries:
        absolute = {True: "absolute", False: "qualified", "partly": "partly"}[entry.absolute_json]
        if not entry.public_interest_test and not entry.absolute:
            absolute = "-"  # a refusal ground or procedural: no public interest test to apply
        lines.append(
            f"{entry.code:<11} {entry.citation:<20} {KIND_WORDS[entry.kind]:<14} {absolute:<9} "
            f"{entry.name}"
        )
    return "\n".join(lines) + "\n"


def search(query: str, law: Law | None = None) -> list[Exemption]:
    """Catalogue entries whose code, citation or name match `query`, for a picker's filter.

    Case-insensitive; every word of the query must appear. Entries whose code the query names
    (``40(2)``, ``section 43``, ``reg 13``) come first, then the rest in catalogue order. An empty
    query lists everything (of `law`, when given).
    """
    entries = list(CATALOGUE.values()) if law is None else for_law(law)
    words = query.lower().split()
    named = normalise_code(query) if words else None

    def names_code(entry: Exemption) -> bool:
        return named is not None and (entry.code == named or entry.code.startswith(named + "("))

    def matches(entry: Exemption) -> bool:
        haystack = f"{entry.code} {entry.citation} {entry.name}".lower()
        return names_code(entry) or all(word in haystack for word in words)

    found = [entry for entry in entries if matches(entry)]
    return sorted(found, key=lambda entry: not names_code(entry))
