"""The Environmental Information (Scotland) Regulations 2004 as a fourth law, everywhere.

Every due date below was counted by hand on the calendar (working days ``(n)``, days that do not
count ``X``); the source of each rule is in the comment beside its test. Legislation:
https://www.legislation.gov.uk/ssi/2004/520 (EISR), https://www.legislation.gov.uk/asp/2002/13
(FOISA).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from foitui import deadlines
from foitui.cli import main
from foitui.errors import StoreError
from foitui.exemptions import CATALOGUE, Kind, for_law, lookup, normalise_code
from foitui.hints import AGGREGATION_RULES, REPEAT_RULES
from foitui.importing import build_request, read_records
from foitui.law.regimes import REGIMES, regime, regime_of_code
from foitui.models import Law
from foitui.parsing.outcomes import detect_law, find_exemptions
from foitui.tui.labels import LAW_LABEL
from tests.conftest import make_request

EISR = Law.EISR


def test_eisr_is_a_law_with_its_own_regime() -> None:
    assert Law("eisr") is EISR
    assert set(REGIMES) == set(Law)
    rules = regime("eisr")
    assert rules.name == "EISR" and LAW_LABEL[EISR] == "EISR"
    assert rules.title == "Environmental Information (Scotland) Regulations 2004"
    # EISR codes take their own prefix: EIR reg. 13 (personal data) and EISR reg. 13 (refusal
    # notice) are different provisions, so r13 must never be read as an EISR code.
    assert rules.code_prefix == "sr"
    assert regime_of_code("sr10(4)(a)").law is EISR
    assert regime_of_code("s40(2)").law is Law.FOI
    assert regime_of_code("fs38(1)(b)").law is Law.FOISA
    assert regime_of_code("r13").law is Law.EIR


# --- the calendar: EISR reg. 2(1) gives "working day" the meaning of FOISA s.73 ----------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # FOISA s.73 (via EISR reg. 2(1)): only Scottish bank holidays, Christmas Day and Good
        # Friday are not working days.
        (date(2026, 4, 3), False),  # Good Friday: named in s.73 itself
        (date(2026, 4, 6), True),  # Easter Monday: not a Scottish bank holiday
        (date(2026, 3, 17), True),  # St Patrick's Day: Northern Ireland only
        (date(2026, 7, 13), True),  # Battle of the Boyne (substitute): Northern Ireland only
        (date(2026, 8, 31), True),  # late summer bank holiday: England, Wales and NI only
        (date(2026, 8, 3), False),  # summer bank holiday in Scotland: first Monday of August
        (date(2026, 11, 30), False),  # St Andrew's Day (Mon): St Andrew's Day Bank Holiday
        # (Scotland) Act 2007
        (date(2027, 1, 4), False),  # 2 January (a Saturday) moves to Mon 4 Jan in Scotland
    ],
)
def test_eisr_working_days_are_scottish(day: date, working: bool) -> None:
    assert deadlines.is_working_day(day, EISR) is working
    assert deadlines.is_working_day(day, Law.FOISA) is working


def test_eisr_calendar_is_foisa_calendar_on_random_dates() -> None:
    # EISR reg. 2(1): "working day" has the same meaning as in FOISA s.73, so every EISR due
    # date is the FOISA one.
    rng = random.Random(16)
    for _ in range(300):
        received = date(2024, 1, 1) + timedelta(days=rng.randrange(365 * 6))
        assert deadlines.due_date(received, EISR) == deadlines.due_date(received, Law.FOISA)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # EISR reg. 5(2)(a): no later than 20 working days after receipt.
        # Mon 30 Mar 2026: 31 Mar (1), 1-2 Apr (2-3), Good Friday 3 Apr X, Easter Monday 6 Apr
        # (4) (a working day in Scotland), 7-10 Apr (5-8), 13-17 (9-13), 20-24 (14-18),
        # 27 (19), 28 (20).
        (date(2026, 3, 30), date(2026, 4, 28)),
        # Fri 27 Nov 2026: St Andrew's Day Mon 30 Nov X, 1-4 Dec (1-4), 7-11 (5-9), 14-18
        # (10-14), 21-24 (15-18), Christmas 25 X, Boxing Day substitute Mon 28 X, 29 (19), 30 (20).
        (date(2026, 11, 27), date(2026, 12, 30)),
        # Fri 4 Dec 2026: 7-11 Dec (1-5), 14-18 (6-10), 21-24 (11-14), 25 X, 28 X, 29-31 (15-17),
        # New Year's Day X, 2 Jan substitute Mon 4 Jan X, 5-7 Jan (18-20).
        (date(2026, 12, 4), date(2027, 1, 7)),
    ],
)
def test_eisr_twenty_working_days(received: date, due: date) -> None:
    assert deadlines.due_date(received, EISR) == due


def test_eisr_differs_from_the_eir_where_the_calendars_do() -> None:
    # The EIR count bank holidays of any part of the UK (EIR reg. 2(1)): Easter Monday is not a
    # working day there, so the EIR date is one day later than the EISR one.
    assert deadlines.due_date(date(2026, 3, 30), Law.EIR) == date(2026, 4, 29)


def test_eisr_extension_to_forty_days() -> None:
    # EISR reg. 7(1): up to 40 working days where volume and complexity make 20 impracticable.
    # From Mon 30 Mar 2026: day 20 is Tue 28 Apr; 29-30 Apr (21-22), 1 May (23), May Day 4 May
    # X, 5-8 (24-27), 11-15 (28-32), 18-22 (33-37), spring bank holiday 25 May X, 26-28 (38-40).
    due = deadlines.due_date(date(2026, 3, 30), EISR, extension_days=20)
    assert due == date(2026, 5, 28)
    lines = deadlines.deadline_explanation(date(2026, 3, 30), EISR, extension_days=20)
    assert "EISR reg. 5(2)(a)" in lines[0]
    assert any("EISR reg. 7(1)" in line for line in lines)


def test_eisr_clarification_and_fees_provisions_named() -> None:
    # EISR reg. 9(4) (legislation.gov.uk/ssi/2004/520/regulation/9, checked): "the date on
    # which the further particulars are received by the authority shall be treated as the date
    # of the request ... any period within which the authority is required to respond ...
    # shall begin on the day following that date"; the particulars are asked for under reg.
    # 9(2)(a) "no later than 20 working days after the date of receipt"; reg. 8: charges.
    stops = [deadlines.ClockStop("clarification", date(2026, 11, 4))]
    lines = deadlines.deadline_explanation(date(2026, 11, 2), EISR, stops=stops)
    assert any("EISR reg. 9(4)" in line for line in lines)
    assert regime(EISR).fees == "EISR reg. 8"


def test_foisa_fees_provisions_are_s9_and_s10_3() -> None:
    # FOISA s.10(3): the days from a fees notice (s.9) to payment are disregarded; s.10(2) is
    # about the Keeper of the Records of Scotland, not fees (legislation.gov.uk asp/2002/13/s/10).
    assert regime(Law.FOISA).fees == "FOISA s.9, s.10(3)"


# --- the store: extensions follow the regime ----------------------------------------------------


def test_store_allows_the_reg_7_extension_under_the_eisr(make_store) -> None:
    # EISR reg. 7(1), as EIR reg. 7(1): an extension to 40 working days.
    store = make_store([make_request(1, received="2026-03-30", law=EISR)])
    assert store.summary("1").due == date(2026, 4, 28)
    store.set_extension("1", 20, "eir")
    assert store.summary("1").due == date(2026, 5, 28)
    assert "EISR reg. 7(1)" in (store.history("1")[-1].note or "")
    # FOIA s.10(3) (the public interest extension) is FOIA's alone.
    with pytest.raises(StoreError, match="FOIA"):
        store.set_extension("1", 10, "pit")


def test_foisa_still_has_no_extension(make_store) -> None:
    # FOISA s.10: 20 working days, no extension provision.
    store = make_store([make_request(1, received="2026-03-30", law=Law.FOISA)])
    with pytest.raises(StoreError, match="FOISA has no extension"):
        store.set_extension("1", 20, "eir")


def test_law_change_between_eir_and_eisr_keeps_a_reg_7_extension(make_store) -> None:
    # The same extension in both regulations (reg. 7(1)): moving the request between them does
    # not strand it; moving it to FOISA (no extension) does.
    store = make_store([make_request(1, received="2026-03-30", law=Law.EIR)])
    store.set_extension("1", 20, "eir")
    store.set_field("1", "law", "eisr")
    assert store.summary("1").due == date(2026, 5, 28)
    with pytest.raises(StoreError, match="extension"):
        store.set_field("1", "law", "foisa")


# --- the catalogue: EISR reg. 6(1)(b), 10 and 11 ------------------------------------------------


def test_eisr_catalogue_entries() -> None:
    codes = [entry.code for entry in for_law(EISR)]
    assert codes == [
        "sr6(1)(b)",
        *(f"sr10(4)({x})" for x in "abcde"),  # reg. 10(4)(a)-(e)
        *(f"sr10(5)({x})" for x in "abcdefg"),  # reg. 10(5)(a)-(g)
        "sr11",  # reg. 11 personal data
    ]
    # reg. 10(1)(b), 10(2): every reg. 10 exception is subject to the public interest test.
    for code in codes[1:-1]:
        assert CATALOGUE[code].kind is Kind.EXCEPTION
        assert CATALOGUE[code].public_interest_test
    assert CATALOGUE["sr10(4)(b)"].name == "Manifestly unreasonable"
    assert CATALOGUE["sr10(4)(b)"].citation == "EISR reg. 10(4)(b)"
    # reg. 6(1)(b): publicly available in another form or format is about the form of the
    # answer, not an exception (Scottish Information Commissioner, EIRs guidance on reg. 6).
    assert CATALOGUE["sr6(1)(b)"].kind is Kind.PROCEDURAL
    assert not CATALOGUE["sr6(1)(b)"].public_interest_test
    assert CATALOGUE["sr11"].absolute and "qualified" in (CATALOGUE["sr11"].note or "")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("sr10(4)(a)", "sr10(4)(a)"),
        ("SR 10 (5) (e)", "sr10(5)(e)"),
        ("EISR reg 11", "sr11"),
        ("regulation 11 of the EISRs", "sr11"),
        ("Environmental Information (Scotland) Regulations 2004 regulation 10(4)(e)", "sr10(4)(e)"),
        # No EIR regulation 10 withholds anything, so an untagged "regulation 10(4)(b)" is EISR.
        ("regulation 10(4)(b)", "sr10(4)(b)"),
        ("reg 10(5)(g)", "sr10(5)(g)"),
        ("sr6(1)(b)", "sr6(1)(b)"),
        # EIR codes stay EIR: reg. 13 is EIR personal data; an EISR-tagged 13 names nothing.
        ("reg 13", "r13"),
        ("r12(4)(b)", "r12(4)(b)"),
        ("EISR 13", None),
    ],
)
def test_eisr_codes_normalised(text: str, code: str | None) -> None:
    assert normalise_code(text) == code


def test_eisr_section_lookup() -> None:
    entry = lookup("sr10(5)")
    assert entry is not None and entry.law is EISR and entry.name.startswith("Exceptions")


# --- the parser: detect_law and the codes read from an answer -----------------------------------


@pytest.mark.parametrize(
    ("text", "law"),
    [
        ("Handled under the Environmental Information (Scotland) Regulations 2004.", EISR),
        ("Withheld under the EISRs.", EISR),
        ("Our EISR response follows.", EISR),
        # FOISA s.39(2): a Scottish authority sets FOISA aside for environmental information and
        # answers under the EISRs (Scottish Information Commissioner guidance on s.39(2)).
        (
            "We are applying the exemption in section 39(2) of FOISA, as the information is "
            "environmental, and have dealt with your request under the EIRs.",
            EISR,
        ),
        # The Scottish Act without s.39(2) is FOISA, even naming the EISRs in passing.
        (
            "Under the Freedom of Information (Scotland) Act 2002 we received 412 requests, and "
            "88 under the Environmental Information (Scotland) Regulations 2004.",
            Law.FOISA,
        ),
        ("Withheld under the EIRs.", Law.EIR),
        ("Refused under section 12 of the Freedom of Information Act 2000.", Law.FOI),
        ("Thei sr 12 theisr", Law.FOI),  # "eisr" inside a word is no law
        ("Le café’s EISR response: £5", EISR),  # non-ASCII text takes the byte pre-filter
    ],
)
def test_detect_law_finds_the_eisr(text: str, law: Law) -> None:
    assert detect_law(text) is law


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # EISR reg. 10(4)(b) and reg. 11(2); FOISA s.39(2) beside them only routes the request
        # to the EISR (Scottish Information Commissioner guidance on s.39(2)), so the grounds
        # are the exceptions.
        (
            "We apply section 39(2) of FOISA. Some information is withheld under regulation "
            "10(4)(b) and regulation 11(2) of the EISRs.",
            ["sr10(4)(b)", "sr11(2)"],
        ),
        ("The exception in regulation 10(5)(e) applies.", ["sr10(5)(e)"]),
        ("The exception at 10(4)(e) applies.", ["sr10(4)(e)"]),
        # EISR reg. 11: a "personal data" withheld phrase is sr11 under the EISR, as r13 is under
        # the EIR (the EISR follow the EIR's topic phrases under their own numbers).
        ("Names of staff are withheld as personal data.", ["sr11"]),
        ("This is manifestly unreasonable.", ["sr10(4)(b)"]),
        # EIR regulation numbers are not EISR ones: "regulation 13" is no EISR exception.
        ("Refused under regulation 13.", []),
    ],
)
def test_eisr_codes_read_from_answers(text: str, codes: list[str]) -> None:
    assert find_exemptions(text, EISR) == codes


def test_eir_codes_unchanged() -> None:
    assert find_exemptions("Refused under regulation 12(5)(e) and 13.", Law.EIR) == [
        "r12(5)(e)",
        "r13",
    ]


# --- hints, import and the command line ---------------------------------------------------------


def test_hints_name_the_eisr_provision() -> None:
    # The EISR have no cost limit and no repeated-request section: reg. 10(4)(b) (manifestly
    # unreasonable) is the ground for both.
    assert "EISR reg. 10(4)(b)" in AGGREGATION_RULES[EISR]
    assert "EISR reg. 10(4)(b)" in REPEAT_RULES[EISR]


def test_import_takes_law_eisr(tmp_path: Path) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "REF\tLAW\tRECEIVED\tREQUEST\tRESPONSE\n"
        "EIR/1\teisr\t2026-03-30\t<p>1. Flood reports for the burn?</p>\t\n"
        "EIR/2\tEISRs\t2026-03-30\t<p>1. Air quality?</p>\t\n",
        encoding="utf-8",
    )
    records, errors = read_records(corpus, "auto")
    assert not errors
    assert [build_request(r).law for r in records] == [EISR, EISR]


def test_cli_law_eisr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "2026-03-30", "--law", "eisr"]) == 0
    assert capsys.readouterr().out.startswith("2026-04-28  (20 working days after 2026-03-30, eisr")
    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "REF\tLAW\tRECEIVED\tREQUEST\tRESPONSE\n"
        "FOI/1\tfoisa\t2026-03-30\t<p>1. Flood reports for the burn?</p>\t\n",
        encoding="utf-8",
    )
    store = str(tmp_path / "store")
    assert main(["import", str(corpus), "--store", store]) == 0
    assert main(["set", "1", "--law", "eisr", "--store", store]) == 0
    assert main(["extend", "1", "--days", "20", "--reason", "eir", "--store", store]) == 0
    capsys.readouterr()
    assert main(["show", "1", "--json", "--store", store]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["law"] == "eisr" and record["due"] == "2026-05-28"
    assert main(["mark", "1", "1", "--outcome", "refused", "--exemption", "sr10(4)(b)",
                 "--store", store]) == 0  # fmt: skip
