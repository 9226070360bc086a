"""What real published responses do, each on the real record it was found in.

Every record named here is in tests/data/real/ (its public address in SOURCES.md there) and in
the part of the corpus used for fixing, not the held-out quarter. Each test pins one class of
layout the parser handles, so that a change which loses it fails by name.
"""

from __future__ import annotations

from functools import cache

import pytest

from foitui.models import ParseResult
from foitui.parsing import parse_pair
from tests.real_score import load_real


@cache
def _records() -> dict[str, tuple[str, str, dict]]:
    return {row.name: (row.request, row.response, exp) for row, exp in load_real()}


def parsed(name: str) -> ParseResult:
    request, response, exp = _records()[name]
    assert exp["set"] == "fix", "tests pin records of the fixing part, never the held-out one"
    return parse_pair(request, response)


def answers(result: ParseResult) -> dict[str, str]:
    return {q.key: q.answer or "" for q in result.questions}


# --- the case's own number, as disclosure-log pages and letters give it ------------------------


@pytest.mark.parametrize(
    ("name", "own"),
    [
        ("a-dover-pest-control", "FI16402"),  # the page heading alone: "FI16402"
        ("b-wmp-drones-ncnd", "3300/18"),  # "Drones (3300/18)"
        ("b-warwickshire-officers-on-duty", "889-2024"),  # "... REFERENCE NO: 889-2024"
        ("b-met-complaints-partial-s31", "01.FOI.23.029076"),  # "reference no: 01.FOI.23.029076"
        ("c-hmrc-internal-review-s21", "FOI 2017/00266"),  # "Our ref / FOI2017/00266"
        ("a-eden-air-quality-not-identifiable", "06558"),  # "FOI ID number" over "06558"
    ],
)
def test_own_number_from_a_heading_is_not_a_prior_case(name: str, own: str) -> None:
    result = parsed(name)
    assert result.own_ref is not None
    assert result.own_ref.replace(" ", "") == own.replace(" ", "")
    assert all(r.id not in own for r in result.references)


def test_a_year_range_heading_is_no_case_number() -> None:
    # a-lambeth-trees-tables: a table headed "2019-2020" and no case number anywhere.
    assert parsed("a-lambeth-trees-tables").own_ref is None


# --- references -------------------------------------------------------------------------------


def test_long_case_numbers_after_a_cue_are_references() -> None:
    # "Review of 101003529885" (Moray Council's request numbers).
    refs = {(r.scheme, r.id) for r in parsed("c-moray-review-potholes-spend").references}
    assert (None, "101003529885") in refs
    # "case reference numbers 202500453159 and 202500453160" (Scottish Government).
    refs = {(r.scheme, r.id) for r in parsed("c-scotgov-council-tax-split-refs").references}
    assert {(None, "202500453159"), (None, "202500453160")} <= refs


def test_a_spaced_dash_joins_one_case_number() -> None:
    # "FOI request FOI 2016 - 00140": one case, not "FOI 2016".
    refs = {(r.scheme, r.id) for r in parsed("c-hmrc-internal-review-s21").references}
    assert ("FOI", "2016-00140") in refs
    assert ("FOI", "2016") not in refs


def test_a_subject_access_request_number_is_a_reference() -> None:
    refs = {(r.scheme, r.id) for r in parsed("b-psni-sar-statistics").references}
    assert ("SAR", "17217") in refs


# --- questions --------------------------------------------------------------------------------


def test_unnumbered_prose_gives_one_question_per_ask() -> None:
    # b-phw-maternity-emails-s12: four asks in prose, with explanations between them.
    texts = [q.text for q in parsed("b-phw-maternity-emails-s12").questions]
    assert len(texts) == 4
    assert texts[1] == "I presume you store records by Health Board and then service?"
    assert not any(t.startswith("I am basically trying") for t in texts)


def test_numbers_without_a_dot_in_sequence_are_questions() -> None:
    # c-dwp-risk-review-cost-limit: "1 How many ...", "2 Proportion of ..." (ten of them).
    result = parsed("c-dwp-risk-review-cost-limit")
    assert [q.label for q in result.questions][-10:] == [str(n) for n in range(1, 11)]


def test_numbered_questions_run_into_one_paragraph_are_split() -> None:
    # c-scotborders-foi-stats-s25: "1. Number of ... months. 2. Number of ..." in one paragraph.
    labels = [q.label for q in parsed("c-scotborders-foi-stats-s25").questions]
    assert labels[:3] == ["1", "2", "3"]


def test_request_headings_label_the_question_below() -> None:
    # b-psni-sar-statistics: "Request 1" on its own line, the question in the next.
    questions = parsed("b-psni-sar-statistics").questions
    assert [(q.label, q.text[:24]) for q in questions[:2]] == [
        ("1", "What is the current numb"),
        ("2", "What is the current posi"),
    ]


def test_an_inline_list_of_dates_is_not_sub_questions() -> None:
    # a-hackney-trees-quoted-request-dup-c: "at (a) 1.4.19 and (b) 1.4.16".
    result = parsed("a-hackney-trees-quoted-request-dup-c")
    assert not any(q.label in ("a", "b", "c") for q in result.questions)


# --- answers ----------------------------------------------------------------------------------


def test_a_request_quoted_back_is_not_its_own_answer() -> None:
    # c-dwp-uc-complaints-s12: "You wrote:" and the four questions again, then one refusal.
    result = parsed("c-dwp-uc-complaints-s12")
    for question in result.questions:
        assert "exceed the cost limit" in (question.answer or "")
        assert "Thank you for your reply" not in (question.answer or "")
        assert question.exemptions == ["s12(1)"]
    assert any(block.startswith("2. Proportion") for block in result.unassigned_response)


def test_text_after_repeated_questions_answers_them_together() -> None:
    # b-wmfs-cladding-fires: "Request" 1. 2. then "Reply" and one table for both.
    got = answers(parsed("b-wmfs-cladding-fires"))
    first_two = [got[key] for key in list(got)[:2]]
    assert all("Year | Number of incidents" in a for a in first_two)


def test_a_paragraph_naming_its_questions_answers_them() -> None:
    # a-devon-children-s40-joint-midstream: "We hold information in response to questions 1 – 3".
    result = parsed("a-devon-children-s40-joint-midstream")
    for question in result.questions[:3]:
        assert "in response to questions 1 – 3" in (question.answer or "")
        assert question.exemptions == ["s40(2)"]


def test_word_headings_label_answers() -> None:
    # c-scotgov-review-part-labels: "Part 1", then "Part 2 and Part 3" over one answer.
    got = answers(parsed("c-scotgov-review-part-labels"))
    assert "First Minister" in got["1"]
    assert got["2"] == got["3"] and "exceed" in got["2"]


def test_one_provision_one_code() -> None:
    # b-gm-icb-correspondence-s12 cites "section 12" and "section 12(1)": one code.
    assert parsed("b-gm-icb-correspondence-s12").questions[0].exemptions == ["s12(1)"]


def test_page_furniture_is_not_an_answer() -> None:
    # b-wmp-drones-ncnd: "Drones (3300/18)" and "Response" head the page, then the answer.
    for question in parsed("b-wmp-drones-ncnd").questions:
        assert not (question.answer or "").startswith("Drones")


def test_an_answer_that_is_only_an_attachment_is_known_as_such() -> None:
    from foitui.parsing.outcomes import by_attachment

    # Answers as published (b-wmp-drones-ncnd, b-essex-fire-rescues, Dover District Council's
    # log); b-wmfs-cladding-fires answers with a table of figures, an answer of its own.
    assert by_attachment("Please see our response attached.")
    assert by_attachment("Please see attached spreadsheet")
    assert by_attachment("The information held by our Environmental Crime Team is attached.")
    assert not any(by_attachment(q.answer) for q in parsed("b-wmfs-cladding-fires").questions)


def test_a_reply_heading_is_not_the_answer() -> None:
    # b-wmfs-cladding-fires: "Request", the question again, "Reply", then the answer.
    for question in parsed("b-wmfs-cladding-fires").questions:
        assert not (question.answer or "").startswith("Reply")


def test_dates_and_reply_headings_are_not_answers() -> None:
    # Lines as published on disclosure-log pages ("Issue date: 19.07.24", "August 14, 2019",
    # "Car Parking Charges - 14/08/2019", "Response provided:"), and "Request 26-01-2022", a
    # date, not request 26 (The Moray Council's log).
    from foitui.parsing.answers import _letterhead
    from foitui.parsing.markers import parse_marker

    for line in ("Issue date: 19.07.24", "August 14, 2019", "Car Parking Charges - 14/08/2019"):
        assert _letterhead(line), line
    assert not _letterhead("2021/22: £63,115")
    assert parse_marker("Request 26-01-2022") is None
    result = parse_pair(
        "<p>Please provide the number of parking fines issued in 2023.</p>",
        "<p>Response provided:</p><p>Issue date: 19.07.24</p><p>We issued 4,120 fines.</p>",
    )
    assert result.questions[0].answer == "We issued 4,120 fines."


def test_links_a_colon_announced_and_the_ground_after_them_stay_in_the_answer() -> None:
    # c-scotgov-questions-1-2-4-heading: "... can be found in our annual reports:", a line per
    # report, then "Under section 25(1) of FOISA ..." (the ground), all one answer.
    result = parsed("c-scotgov-questions-1-2-4-heading")
    first = result.questions[0]
    assert "Information request handling: annual report 2018" in (first.answer or "")
    assert first.exemptions == ["fs25(1)"]


def test_a_statute_quoted_in_an_answer_is_not_the_next_answer() -> None:
    # b-notts-fire-staffing-s21-s22 quotes "21. Information accessible to applicant by other
    # means." under a two-question request: section 21 of the Act, not an answer to question 2.
    result = parsed("b-notts-fire-staffing-s21-s22")
    assert not any(
        (q.answer or "").startswith("Information accessible to applicant") for q in result.questions
    )


def test_counts_of_exemptions_used_are_not_grounds() -> None:
    # c-scotborders-foi-stats-s25 answers a question about FOI statistics with lines such as
    # "S17 Information is not held = 18"; its only ground is FOISA s.25.
    result = parsed("c-scotborders-foi-stats-s25")
    assert result.questions[4].exemptions == ["fs25"]


def test_letters_heading_groups_of_questions_numbered_on_are_headings() -> None:
    # b-essex-fire-rescues: "a) At all fires", "b) At all other incidents" name the groups;
    # then "a)" over 1. 2. 3. and "b)" over 4. 5. 6.: seven questions, not a1 ... b6.
    result = parsed("b-essex-fire-rescues")
    assert [q.label for q in result.questions] == [str(n) for n in range(1, 8)]
    assert all("spreadsheet" in (q.answer or "") for q in result.questions)


def test_lettered_parts_of_an_answer_to_a_question_without_parts() -> None:
    # a-thurrock-street-lights-1a1b: "1a 2020: 16,966 ...", "1b 2011: Unavailable" answer
    # question 1 (which asked for 2020 and 2011), then "2. No".
    got = answers(parsed("a-thurrock-street-lights-1a1b"))
    assert "2020: 16,966" in got["1"] and "2011: Unavailable" in got["1"]
    assert got["2"] == "No"


def test_a_first_question_run_into_the_introduction_is_split_off() -> None:
    # c-scotborders-road-improvements-eisr: "... detailed my request below:1. How many miles
    # ...?", a table row, then "2. How many miles ...": question 1 is its own.
    labels = [q.label for q in parsed("c-scotborders-road-improvements-eisr").questions]
    assert labels[:5] == ["1", "2", "3", "4", "5"]
