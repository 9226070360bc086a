"""The exemption catalogue, code normalisation, look-up and the picker's search."""

from __future__ import annotations

import dataclasses

import pytest

from foitui.exemptions import (
    CATALOGUE,
    Exemption,
    Kind,
    describe,
    for_law,
    lookup,
    normalise_code,
    search,
)
from foitui.models import Law


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # FOIA
        ("s.40(2)", "s40(2)"),
        ("section 40(2)", "s40(2)"),
        ("S40 (2)", "s40(2)"),
        ("40(2)", "s40(2)"),
        ("s40(2)", "s40(2)"),
        ("s 14 (1)", "s14(1)"),
        ("FOIA s.14(2)", "s14(2)"),
        ("s40(2) FOIA", "s40(2)"),
        ("FOI Act s.40(2)", "s40(2)"),
        ("sec. 43(2)", "s43(2)"),
        ("Section 43 (2)", "s43(2)"),
        ("section 43 of the Freedom of Information Act 2000", "s43"),
        ("s.12", "s12"),
        ("section 12", "s12"),
        ("§ 21", "s21"),
        ("s22a", "s22A"),
        ("S.22A", "s22A"),
        ("s.040(2)", "s40(2)"),
        ("s.31(1)(a)", "s31(1)(a)"),  # finer than the catalogue: kept, its section is known
        ("40(5)", "s40(5)"),
        ("s\u00a040(2)", "s40(2)"),  # a non-breaking space
        # EIR
        ("reg 12(4)(a)", "r12(4)(a)"),
        ("reg. 12(4)(b)", "r12(4)(b)"),
        ("regulation 12(5)(e)", "r12(5)(e)"),
        ("Regulation 12 (5) (E)", "r12(5)(e)"),
        ("12(4)(a)", "r12(4)(a)"),
        ("12(5)(e) EIR", "r12(5)(e)"),
        ("EIR 12(5)(e)", "r12(5)(e)"),
        ("r12(3)", "r12(3)"),
        ("reg 13", "r13"),
        ("13", "r13"),  # FOIA s.13 is no exemption, so the EIR
        ("regulation 12(4)", "r12(4)"),
        # FOISA
        ("FOISA s17", "fs17"),
        ("fs17", "fs17"),
        ("fs 38", "fs38"),
        ("s.17 FOISA", "fs17"),
        ("section 17 of FOISA", "fs17"),
        ("FOI(S)A s.25", "fs25"),
        ("Freedom of Information (Scotland) Act 2002 s.38", "fs38"),
        ("FOISA 38(1)(b)", "fs38(1)(b)"),
    ],
)
def test_normalise_code(text: str, code: str) -> None:
    assert normalise_code(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "s",
        "s.25",  # there is no section 25
        "25",
        "section 25",
        "s99",
        "s.1(3)",  # a duty, not an exemption
        "s10",
        "17",  # FOIA s.17 is the refusal notice itself
        "EIR s.40(2)",
        "FOISA s.43",
        "2019/20",
        "£450",
        "0",
    ],
)
def test_normalise_code_rejects_nonsense(text: str) -> None:
    assert normalise_code(text) is None


def test_every_catalogue_code_is_canonical() -> None:
    for code, entry in CATALOGUE.items():
        assert entry.code == code
        assert normalise_code(code) == code
        assert normalise_code(entry.citation) == code, entry.citation


def test_no_section_25_and_the_sections_in_order() -> None:
    foia = [entry.code for entry in for_law(Law.FOI)]
    assert "s25" not in CATALOGUE
    assert foia == [
        "s12", "s14(1)", "s14(2)", "s21", "s22", "s22A", "s23", "s24", "s26", "s27", "s28",
        "s29", "s30", "s31", "s32", "s33", "s34", "s35", "s36", "s37(1)(a)", "s37(1)(aa)",
        "s37(1)(ab)", "s37(1)(ac)", "s37(1)(ad)", "s37(1)(b)", "s38", "s39", "s40(1)",
        "s40(2)", "s41", "s42", "s43(1)", "s43(2)", "s44",
    ]  # fmt: skip
    eir = [entry.code for entry in for_law(Law.EIR)]
    assert eir == [
        "r6(1)(b)", "r12(3)", "r12(4)(a)", "r12(4)(b)", "r12(4)(c)", "r12(4)(d)", "r12(4)(e)",
        "r12(5)(a)", "r12(5)(b)", "r12(5)(c)", "r12(5)(d)", "r12(5)(e)", "r12(5)(f)",
        "r12(5)(g)", "r12(9)", "r13",
    ]  # fmt: skip
    foisa = {entry.code for entry in for_law(Law.FOISA)}
    assert {"fs12", "fs14", "fs17", "fs25", "fs26", "fs27", "fs30", "fs33", "fs35"} <= foisa
    assert {"fs36(1)", "fs36(2)", "fs38", "fs39"} <= foisa
    # Picker order: FOIA, then EIR, then FOISA, then EISR.
    laws = [entry.law for entry in CATALOGUE.values()]
    assert laws == sorted(laws, key=[Law.FOI, Law.EIR, Law.FOISA, Law.EISR].index)


def test_absolute_flags() -> None:
    absolute = {
        code for code, entry in CATALOGUE.items() if entry.absolute and entry.law is Law.FOI
    }
    # FOIA s.2(3): 21, 23, 32, 34, 36 (Parliament only), 37(1)(a)-(ab) (s.2(3)(ea), inserted by
    # the Constitutional Reform and Governance Act 2010, Sch. 7), 40 (in part), 41, 44.
    assert absolute == {
        "s21", "s23", "s32", "s34", "s37(1)(a)", "s37(1)(aa)", "s37(1)(ab)", "s40(1)",
        "s40(2)", "s41", "s44",
    }  # fmt: skip
    assert not CATALOGUE["s36"].absolute
    assert "House" in (CATALOGUE["s36"].note or "")
    assert "qualified" in (CATALOGUE["s40(2)"].note or "")
    assert CATALOGUE["fs25"].absolute and CATALOGUE["fs26"].absolute
    assert not CATALOGUE["fs30"].absolute
    assert not CATALOGUE["r12(5)(e)"].absolute


def test_public_interest_test_and_kinds() -> None:
    assert CATALOGUE["s43(2)"].public_interest_test
    assert CATALOGUE["r12(5)(e)"].public_interest_test
    assert CATALOGUE["r12(5)(e)"].kind is Kind.EXCEPTION
    assert not CATALOGUE["s21"].public_interest_test
    for code in ("s12", "s14(1)", "s14(2)", "fs12", "fs14"):
        assert CATALOGUE[code].kind is Kind.REFUSAL
        assert not CATALOGUE[code].public_interest_test
    assert CATALOGUE["fs17"].kind is Kind.NOTICE
    assert "not an exemption" in (CATALOGUE["fs17"].note or "")


def test_names_and_citations() -> None:
    assert CATALOGUE["s43(2)"].name == "Commercial interests"
    assert CATALOGUE["s43(2)"].section == "s.43(2)"
    assert CATALOGUE["s43(2)"].citation == "FOIA s.43(2)"
    assert CATALOGUE["r12(5)(e)"].citation == "EIR reg. 12(5)(e)"
    assert CATALOGUE["fs17"].citation == "FOISA s.17"
    assert CATALOGUE["r12(5)(f)"].name == "Interests of the person who provided the information"


def test_entries_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        CATALOGUE["s21"].absolute = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        CATALOGUE["s99"] = CATALOGUE["s21"]  # type: ignore[index]


def test_lookup() -> None:
    assert lookup("s40(2)") is CATALOGUE["s40(2)"]
    assert lookup("section 40(2)") is CATALOGUE["s40(2)"]
    assert lookup("nonsense") is None
    assert lookup("s25") is None


def test_lookup_of_a_whole_section_listed_by_subsection() -> None:
    s43 = lookup("s43")
    assert isinstance(s43, Exemption)
    assert (s43.code, s43.name, s43.law, s43.absolute) == (
        "s43",
        "Commercial interests",
        Law.FOI,
        False,
    )
    s40 = lookup("section 40")
    assert s40 is not None and s40.code == "s40" and s40.absolute  # both subsections absolute
    s14 = lookup("s14")
    assert s14 is not None and s14.kind is Kind.REFUSAL


def test_lookup_of_a_finer_subsection() -> None:
    entry = lookup("s.31(1)(a)")
    assert entry is not None
    assert (entry.code, entry.section, entry.name) == ("s31(1)(a)", "s.31(1)(a)", "Law enforcement")


def test_describe() -> None:
    assert describe("s43(2)") == "s43(2) Commercial interests"
    assert describe("r12(4)(a)") == "r12(4)(a) Information not held"
    assert describe("fs17") == "fs17 Information not held"
    assert describe("s43") == "s43 Commercial interests"
    assert describe("x99") == "x99"
    assert describe("s25") == "s25"


def test_search() -> None:
    assert [e.code for e in search("personal")] == [
        "s40(1)", "s40(2)", "r12(3)", "r13", "fs38", "sr11",
    ]  # fmt: skip
    assert [e.code for e in search("COMMERCIAL")] == ["s43(2)", "r12(5)(e)", "fs33", "sr10(5)(e)"]
    assert [e.code for e in search("43")] == ["s43(1)", "s43(2)"]
    assert [e.code for e in search("personal data third")] == ["s40(2)"]
    assert search("") == list(CATALOGUE.values())
    assert search("zzz") == []


def test_search_puts_the_named_code_first() -> None:
    found = [e.code for e in search("12")]
    assert found[0] == "s12"
    assert "r12(5)(e)" in found and "fs12" in found
    assert [e.code for e in search("reg 12(5)(e)")] == ["r12(5)(e)"]


def test_search_by_law() -> None:
    assert [e.code for e in search("commercial", law=Law.FOISA)] == ["fs33"]
    assert all(e.law is Law.EIR for e in search("", law=Law.EIR))
