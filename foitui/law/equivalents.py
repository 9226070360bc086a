"""The same ground under each law, and the check that refuses another law's exemption.

A request is answered under one law, so an officer who marks `s40(2)` on a FOISA request has
cited the wrong Act: FOISA's personal data exemption is s.38(1)(b). `wrong_law` says so, naming
the provision the request's own law has for the same ground where there is a clear one.

The table holds only well-established counterparts (ICO guidance on each EIR exception names
the FOIA exemption it replaces; the Scottish Information Commissioner's briefings do the same for
FOISA and the EISR). Where a law has no counterpart (FOIA has no "not held" exemption, the EIR
no s.12) the cell is None.

Two cross-law citations are right and allowed: FOIA s.39 on an EIR request and FOISA s.39(2) on
an EISR request (the Act's exemption that hands environmental information to the regulations).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from foitui.kinds import Law
from foitui.law.regimes import regime, regime_of_code

_F, _E, _S, _ES = Law.FOI, Law.EIR, Law.FOISA, Law.EISR

GROUNDS: Mapping[str, Mapping[Law, str | None]] = MappingProxyType(
    {
        "personal data": {_F: "s40(2)", _E: "r13", _S: "fs38(1)(b)", _ES: "sr11"},
        "third-party personal data": {_F: "s40(2)", _E: "r12(3)", _S: "fs38(1)(b)", _ES: "sr11"},
        # The EIR take the requester's own data out of the regulations (reg. 5(3)): no code.
        "the requester's own personal data": {
            _F: "s40(1)",
            _E: None,
            _S: "fs38(1)(a)",
            _ES: "sr11(1)",
        },
        "commercial interests": {
            _F: "s43(2)",
            _E: "r12(5)(e)",
            _S: "fs33(1)(b)",
            _ES: "sr10(5)(e)",
        },
        "trade secrets": {_F: "s43(1)", _E: "r12(5)(e)", _S: "fs33(1)(a)", _ES: "sr10(5)(e)"},
        "legal professional privilege": {
            _F: "s42",
            _E: "r12(5)(b)",
            _S: "fs36(1)",
            _ES: "sr10(5)(b)",
        },
        "law enforcement": {_F: "s31", _E: "r12(5)(b)", _S: "fs35", _ES: "sr10(5)(b)"},
        "international relations": {_F: "s27", _E: "r12(5)(a)", _S: "fs32", _ES: "sr10(5)(a)"},
        "national security": {_F: "s24", _E: "r12(5)(a)", _S: "fs31", _ES: "sr10(5)(a)"},
        "health and safety": {_F: "s38", _E: "r12(5)(a)", _S: "fs39(1)", _ES: "sr10(5)(a)"},
        "information not held": {_F: None, _E: "r12(4)(a)", _S: "fs17", _ES: "sr10(4)(a)"},
        "the cost of compliance": {_F: "s12", _E: "r12(4)(b)", _S: "fs12", _ES: "sr10(4)(b)"},
        "a vexatious request": {_F: "s14(1)", _E: "r12(4)(b)", _S: "fs14(1)", _ES: "sr10(4)(b)"},
        "a repeated request": {_F: "s14(2)", _E: "r12(4)(b)", _S: "fs14(2)", _ES: "sr10(4)(b)"},
        "information otherwise accessible": {
            _F: "s21",
            _E: "r6(1)(b)",
            _S: "fs25",
            _ES: "sr6(1)(b)",
        },
        "information intended for future publication": {
            _F: "s22",
            _E: None,
            _S: "fs27",
            _ES: None,
        },
        "prohibitions on disclosure": {_F: "s44", _E: None, _S: "fs26", _ES: None},
        "audit functions": {_F: "s33", _E: None, _S: "fs40", _ES: None},
        "court records": {_F: "s32", _E: None, _S: "fs37", _ES: None},
        "communications with His Majesty and honours": {
            _F: "s37",
            _E: None,
            _S: "fs41",
            _ES: None,
        },
    }
)
"""Each ground by name: its code under each law (None where that law has none)."""

# Citations of another law that are right: the Act's exemption for environmental information,
# cited by a response that answers under the regulations (FOIA s.39, FOISA s.39(2)).
_ROUTING: Mapping[Law, tuple[str, ...]] = MappingProxyType({_E: ("s39",), _ES: ("fs39(2)", "fs39")})


def _grounds(code: str) -> list[str]:
    """The grounds a code stands for (EIR reg. 12(4)(b) stands for three FOIA ones): the exact
    code first, then its section (s40(2)(a) -> s40(2), s31(1)(a) -> s31)."""
    candidates = [code]
    while "(" in candidates[-1]:
        candidates.append(candidates[-1][: candidates[-1].rindex("(")])
    for candidate in candidates:
        names = [name for name, codes in GROUNDS.items() if candidate in codes.values()]
        if names:
            return names
    return []


def mismatches(law: Law, codes_by_question: list[tuple[str, list[str]]]) -> list[str]:
    """The codes cited on a request that are not of its law, one line each ("Q2: s40(2) is FOIA
    s.40(2): this request is under FOISA, ..."): the parser keeps what a response cites, even a
    letter citing two laws, so the mismatch is shown rather than silently changed."""
    out = []
    for label, codes in codes_by_question:
        for code in codes:
            problem = wrong_law(code, law)
            if problem:
                out.append(f"Q{label}: {problem}")
    return out


def counterpart(code: str, law: Law) -> str | None:
    """The code `law` has for the (first) ground `code` stands for, or None."""
    names = _grounds(code)
    return GROUNDS[names[0]][Law(law)] if names else None


# What to say where a law has no code for a ground but does deal with it.
_NO_CODE: Mapping[tuple[Law, str], str] = MappingProxyType(
    {(_F, "information not held"): "which says so under s.1(1)(a), with no exemption to cite"}
)


def _under(law: Law) -> str:
    rules = regime(law)
    return f"the {rules.name}" if rules.provision_word.startswith("reg") else rules.name


def wrong_law(code: str, law: Law) -> str | None:
    """Why `code` cannot be cited on a request under `law`, or None when it belongs to it.

    ``wrong_law("s40(2)", Law.FOISA)`` is "s40(2) is FOIA s.40(2): this request is under FOISA,
    where personal data is s.38(1)(b) (fs38(1)(b))".
    """
    law = Law(law)
    own = regime_of_code(code)
    if own.law is law or code.startswith(_ROUTING.get(law, ("\0",))):
        return None
    message = f"{code} is {own.cite(code)}: this request is under {_under(law)}"
    return _counterparts(code, law, message) + _same_number(code, law)


def _same_number(code: str, law: Law) -> str:
    """A hint for a code typed without its law's prefix: "s38(1)(b)" on a FOISA request may
    mean FOISA's own s.38(1)(b), written fs38(1)(b)."""
    from foitui.exemptions import lookup

    rules, own = regime(law), regime_of_code(code)
    if own.provision_word != rules.provision_word:
        return ""  # only the two Acts share section numbering (FOIA s.38, FOISA s.38)
    same = rules.code_prefix + code.removeprefix(own.code_prefix)
    entry = lookup(same)
    if entry is None or entry.law is not law:
        return ""
    return f" (for {rules.cite(same)}, {entry.name.lower()}, write {same})"


def _counterparts(code: str, law: Law, message: str) -> str:
    rules = regime(law)
    names = _grounds(code)
    found: dict[str, str] = {}  # counterpart -> the first ground it was found for
    for name in names:
        other = GROUNDS[name][law]
        if other is not None:
            found.setdefault(other, name)
    if found:
        cited = [
            f"{name} is {rules.provision_word}{other.removeprefix(rules.code_prefix)} ({other})"
            for other, name in found.items()
        ]
        return f"{message}, where {'; '.join(cited)}"
    if names:
        return (
            f"{message}, {_NO_CODE.get((law, names[0]), f'which has no provision for {names[0]}')}"
        )
    return f"{message}; cite a {rules.name} provision (foitui exemptions --law {law.value})"
