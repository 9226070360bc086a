"""The law around the dates: the catalogue's fixes, `foitui exemptions`, the cost rule of each
law, and another law's exemption refused when an officer marks it.

Each test's comment names its source: legislation.gov.uk (ukpga/2000/36 FOIA, asp/2002/13
FOISA, uksi/2004/3391 EIR, ssi/2004/520 EISR, uksi/2004/3244 the Fees Regulations, ssi/2004/467
the Fees for Required Disclosure (Scotland) Regulations), ICO or Scottish Information
Commissioner guidance.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foitui.cli import main
from foitui.costs import estimate
from foitui.errors import StoreError
from foitui.exemptions import CATALOGUE, Kind, lookup
from foitui.law.equivalents import GROUNDS, counterpart, wrong_law
from foitui.law.regimes import regime
from foitui.models import Law
from tests.conftest import make_request

# --- the catalogue ------------------------------------------------------------------------------


def test_s37_1_a_to_ab_are_absolute() -> None:
    # FOIA s.2(3)(ea), inserted by the Constitutional Reform and Governance Act 2010, Sch. 7
    # para. 3: s.37(1)(a), (aa) and (ab) are absolute; (ac), (ad) and (b) are qualified.
    for code in ("s37(1)(a)", "s37(1)(aa)", "s37(1)(ab)"):
        assert CATALOGUE[code].absolute and not CATALOGUE[code].public_interest_test, code
    for code in ("s37(1)(ac)", "s37(1)(ad)", "s37(1)(b)"):
        assert not CATALOGUE[code].absolute and CATALOGUE[code].public_interest_test, code
    # A citation of the whole section is absolute in part.
    whole = lookup("section 37")
    assert whole is not None and whole.absolute_json == "partly"


def test_foisa_s36_2_is_absolute() -> None:
    # FOISA s.2(2)(c): s.36(2) (actionable breach of confidence) is absolute; s.36(1)
    # (confidentiality of communications in legal proceedings) is not listed, so qualified.
    assert CATALOGUE["fs36(2)"].absolute
    assert not CATALOGUE["fs36(1)"].absolute and CATALOGUE["fs36(1)"].public_interest_test
    assert lookup("FOISA s.36") is not None and lookup("FOISA s.36").absolute_json == "partly"


def test_eir_reg_6_1_b_is_form_and_format() -> None:
    # EIR reg. 6(1)(b): information already publicly available and easily accessible in another
    # form or format need not be given in the form asked for; reg. 6(2) requires a notice. It is
    # not an exception (ICO guidance "Regulation 6: form and format"), so no public interest test.
    entry = lookup("regulation 6(1)(b)")
    assert entry is not None and entry.code == "r6(1)(b)"
    assert entry.kind is Kind.PROCEDURAL and not entry.public_interest_test
    assert "6(2)" in (entry.note or "")


def test_eir_reg_12_9_is_about_emissions() -> None:
    # EIR reg. 12(9): information on emissions cannot be withheld under reg. 12(5)(d) to (g).
    entry = CATALOGUE["r12(9)"]
    assert "emissions" in entry.name.lower() and entry.kind is Kind.PROCEDURAL


def test_partly_absolute_entries() -> None:
    # FOIA s.40(2): absolute for the first condition only (s.2(3)(fa), s.40(3A)(a)); s.36 only
    # for the Houses of Parliament (s.2(3)(e)); EIR reg. 13 and EISR reg. 11 as s.40(2);
    # FOISA s.38 (s.2(2)(e)).
    for code in ("s40(2)", "s36", "r13", "fs38", "sr11"):
        assert CATALOGUE[code].absolute_json == "partly", code
    assert CATALOGUE["s21"].absolute_json is True
    assert CATALOGUE["s43(2)"].absolute_json is False


def test_exemptions_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exemptions", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert len(entries) == len(CATALOGUE)
    by_code = {e["code"]: e for e in entries}
    assert list(by_code["s37(1)(a)"]) == ["code", "law", "provision", "name", "kind", "absolute"]
    assert by_code["s37(1)(a)"]["absolute"] is True
    assert by_code["s40(2)"]["absolute"] == "partly"
    assert by_code["s12"]["kind"] == "refusal ground"
    assert by_code["r6(1)(b)"]["kind"] == "procedural"
    assert by_code["fs17"]["kind"] == "procedural"
    assert by_code["r12(5)(e)"]["kind"] == "exception"
    assert by_code["sr10(4)(a)"] == {
        "code": "sr10(4)(a)",
        "law": "eisr",
        "provision": "EISR reg. 10(4)(a)",
        "name": "Information not held",
        "kind": "exception",
        "absolute": False,
    }
    assert main(["exemptions", "--law", "foisa", "--json"]) == 0
    foisa = json.loads(capsys.readouterr().out)
    assert foisa and {e["law"] for e in foisa} == {"foisa"}


def test_exemptions_command_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exemptions", "--law", "eisr"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["sr6(1)(b)", "EISR", "reg.", "6(1)(b)"]
    assert any(line.startswith("sr11 ") and "partly" in line for line in lines)


# --- the cost rule of each law ------------------------------------------------------------------


def _estimate(make_store, law: Law, hours: float, body: str | None = None):
    store = make_store([make_request(1, questions=1, law=law)])
    if body:
        store.set_field("1", "body", body)
    store.mark("1", "1", hours=hours)
    return store, estimate(store, "1")


def test_foisa_twenty_hours_is_within_the_600_pound_limit(make_store) -> None:
    # Fees for Required Disclosure (Scotland) Regulations 2004: reg. 3 caps staff time at £15
    # an hour, reg. 5 sets the limit at £600. 20 h x £15 = £300: within it (FOISA s.12 does not
    # apply), where the FOIA figures (18 h local) would wrongly refuse.
    _, cost = _estimate(make_store, Law.FOISA, 20)
    assert cost.to_json() == {
        "hours": 20.0,
        "limit_hours": 40,
        "limit_pounds": 600,
        "rate_pounds": 15,
        "over": False,
        "provision": "FOISA s.12",
    }
    text = cost.describe()
    assert "£300 at £15/h against the £600 limit" in text and "within the limit" in text
    assert "s.12 applies" not in text


def test_foisa_over_forty_hours_is_over(make_store) -> None:
    # 41 h x £15 = £615 > £600 (reg. 5).
    _, cost = _estimate(make_store, Law.FOISA, 41)
    assert cost.exceeds and "FOISA s.12 applies" in cost.describe()


def test_foisa_limit_is_the_same_for_every_body(make_store) -> None:
    # reg. 5 of the Scottish regulations has one limit, £600, for every Scottish authority.
    _, cost = _estimate(make_store, Law.FOISA, 30, body="central")
    assert cost.limit_pounds == 600 and cost.limit_hours == 40


def test_foia_limits(make_store) -> None:
    # Fees Regulations 2004 reg. 3: £450 (other bodies) and £600 (central government); reg.
    # 4(4): £25 an hour, so 18 and 24 hours.
    _, cost = _estimate(make_store, Law.FOI, 20)
    assert cost.to_json() == {
        "hours": 20.0,
        "limit_hours": 18,
        "limit_pounds": 450,
        "rate_pounds": 25,
        "over": True,
        "provision": "FOIA s.12",
    }
    assert "FOIA s.12 applies" in cost.describe()
    _, central = _estimate(make_store, Law.FOI, 20, body="central")
    assert central.limit_pounds == 600 and not central.exceeds


def test_eir_has_no_s12(make_store) -> None:
    # The EIR have no cost limit: the test is manifestly unreasonable, reg. 12(4)(b), with the
    # Fees Regulations only as a guide (ICO guidance "Manifestly unreasonable requests").
    _, cost = _estimate(make_store, Law.EIR, 20)
    assert cost.to_json()["provision"] == "EIR reg 12(4)(b)"
    assert cost.to_json()["over"] is True
    text = cost.describe()
    assert "s.12" not in text
    assert "no cost limit" in text and "manifestly unreasonable" in text


def test_eisr_has_no_cost_limit(make_store) -> None:
    # The EISR have no cost limit either: reg. 10(4)(b) manifestly unreasonable, with the
    # FOISA £600 at £15 an hour only as a guide (Scottish Information Commissioner guidance).
    _, cost = _estimate(make_store, Law.EISR, 20)
    assert cost.to_json() == {
        "hours": 20.0,
        "limit_hours": 40,
        "limit_pounds": 600,
        "rate_pounds": 15,
        "over": False,
        "provision": "EISR reg 10(4)(b)",
    }
    assert not regime(Law.EISR).cost.statutory and "within the guide" in cost.describe()


def test_show_json_carries_cost(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "REF\tLAW\tRECEIVED\tREQUEST\tRESPONSE\n"
        "FOI/1\tfoisa\t2026-03-30\t<p>1. Grit bins?</p><p>2. Salt stock?</p>\t\n",
        encoding="utf-8",
    )
    store = str(tmp_path / "store")
    assert main(["import", str(corpus), "--store", store]) == 0
    capsys.readouterr()
    assert main(["show", "1", "--json", "--store", store]) == 0
    assert json.loads(capsys.readouterr().out)["cost"] is None  # no estimates yet
    assert main(["mark", "1", "1", "--outcome", "pending", "--hours", "12", "--store", store]) == 0
    assert main(["mark", "1", "2", "--outcome", "pending", "--hours", "8", "--store", store]) == 0
    capsys.readouterr()
    assert main(["show", "1", "--json", "--store", store]) == 0
    cost = json.loads(capsys.readouterr().out)["cost"]
    assert cost == {
        "hours": 20.0,
        "limit_hours": 40,
        "limit_pounds": 600,
        "rate_pounds": 15,
        "over": False,
        "provision": "FOISA s.12",
    }
    assert main(["show", "1", "--store", store]) == 0
    assert "within the limit" in capsys.readouterr().out


# --- another law's exemption --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "law", "named"),
    [
        # FOISA s.38(1)(b): third-party personal data under the Scottish Act.
        ("s40(2)", Law.FOISA, "personal data is s.38(1)(b) (fs38(1)(b))"),
        # FOIA has no reg. 12(4)(b): the burden is s.12 (cost) or s.14 (vexatious, repeated).
        ("r12(4)(b)", Law.FOI, "the cost of compliance is s.12 (s12)"),
        # The EIR have no s.12: reg. 12(4)(b) (ICO guidance on manifestly unreasonable requests).
        ("s12", Law.EIR, "reg. 12(4)(b) (r12(4)(b))"),
        # EISR reg. 11 is personal data; EIR reg. 13 is its counterpart.
        ("sr11", Law.EIR, "personal data is reg. 13 (r13)"),
        # EIR reg. 13 is personal data; under the EISR that is reg. 11 (reg. 13 is the notice).
        ("r13", Law.EISR, "personal data is reg. 11 (sr11)"),
        # FOISA s.17 is a notice that information is not held; FOIA says so under s.1(1)(a).
        ("fs17", Law.FOI, "s.1(1)(a)"),
    ],
)
def test_wrong_law_names_the_right_provision(code: str, law: Law, named: str) -> None:
    problem = wrong_law(code, law)
    assert problem is not None and named in problem


def test_right_law_and_routing_citations_pass() -> None:
    assert wrong_law("s40(2)", Law.FOI) is None
    assert wrong_law("sr10(4)(b)", Law.EISR) is None
    # FOIA s.39 and FOISA s.39(2) hand environmental information to the regulations: a
    # response under the EIR or the EISR cites them rightly.
    assert wrong_law("s39", Law.EIR) is None
    assert wrong_law("fs39(2)", Law.EISR) is None
    assert wrong_law("fs39(2)", Law.EIR) is not None


def test_grounds_table_codes_are_in_the_catalogue() -> None:
    for name, codes in GROUNDS.items():
        for law, code in codes.items():
            if code is not None:
                entry = lookup(code)
                assert entry is not None and entry.law is law, (name, code)
    assert counterpart("s43(2)", Law.EISR) == "sr10(5)(e)"


def test_store_refuses_another_laws_exemption(make_store) -> None:
    store = make_store([make_request(1, law=Law.FOISA), make_request(2, law=Law.FOI)])
    with pytest.raises(StoreError, match=r"s\.38\(1\)\(b\)"):
        store.mark("1", "1", outcome="refused", exemptions=["s40(2)"])
    # Nothing was written: the outcome is refused with the exemption, not before it.
    assert store.get("1").questions[0].outcome.value == "pending"
    store.mark("1", "1", outcome="refused", exemptions=["fs38(1)(b)"])
    with pytest.raises(StoreError, match="under FOIA"):
        store.mark("2", "1", exemptions=["r12(4)(b)"])


def test_store_keeps_a_code_the_question_already_cites(make_store) -> None:
    # The parser keeps what a response cites, even a letter that cites both FOIA and the EIR;
    # re-saving the question's codes is not refused.
    request = make_request(1, law=Law.FOI)
    request.questions[0].exemptions = ["s40(2)", "r13"]
    store = make_store([request])
    store.mark("1", "1", exemptions=["s40(2)", "r13"])
    with pytest.raises(StoreError):
        store.mark("1", "1", exemptions=["s40(2)", "r13", "r12(5)(e)"])


def test_cli_mark_refuses_another_laws_exemption(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "REF\tLAW\tRECEIVED\tREQUEST\tRESPONSE\n"
        "FOI/1\tfoisa\t2026-03-30\t<p>1. Staff names?</p>\t\n",
        encoding="utf-8",
    )
    store = str(tmp_path / "store")
    assert main(["import", str(corpus), "--store", store]) == 0
    capsys.readouterr()
    code = main(
        ["mark", "1", "1", "--outcome", "refused", "--exemption", "s40(2)", "--store", store]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("foitui: error: ") and "under FOISA" in err and "s.38(1)(b)" in err


def test_wrong_law_hints_at_the_same_section_of_the_other_act() -> None:
    # FOIA and FOISA share section numbering: "s38(1)(b)" typed on a FOISA request most likely
    # means FOISA s.38(1)(b) (personal information), not FOIA s.38 (health and safety).
    problem = wrong_law("s38(1)(b)", Law.FOISA)
    assert problem is not None and "write fs38(1)(b)" in problem
    # Not between an Act and regulations, whose numbers mean nothing to each other.
    assert "write" not in (wrong_law("s12", Law.EIR) or "")


def test_mismatches_are_shown_not_changed(make_store, capsys: pytest.CaptureFixture[str]) -> None:
    # A FOISA response that cites FOIA s.40(2) (as parsed) keeps the code; show flags it with
    # FOISA's provision (s.38(1)(b)).
    from foitui.law.equivalents import mismatches

    request = make_request(1, law=Law.FOISA, questions=2)
    request.questions[1].exemptions = ["s40(2)", "fs38(1)(b)"]
    store = make_store([request])
    assert store.get("1").questions[1].exemptions == ["s40(2)", "fs38(1)(b)"]
    (line,) = mismatches(Law.FOISA, [("2", ["s40(2)", "fs38(1)(b)"])])
    assert line.startswith("Q2: s40(2) is FOIA s.40(2)") and "s.38(1)(b)" in line
    assert main(["show", "1", "--store", str(store.root)]) == 0
    assert "law mismatch: Q2: s40(2)" in capsys.readouterr().out
