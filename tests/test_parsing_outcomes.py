"""Outcomes and exemption codes read from answer text (foitui.parsing.outcomes)."""

from __future__ import annotations

import pytest

from foitui.models import Law, Outcome
from foitui.parsing import parse_pair
from foitui.parsing.outcomes import classify, combine, detect_law, find_exemptions

A = Outcome.ANSWERED
P = Outcome.PARTLY_ANSWERED
N = Outcome.NOT_HELD
R = Outcome.REFUSED
C = Outcome.CLARIFICATION_NEEDED


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Refused under section 12 of the Act.", ["s12"]),
        ("Refused under s.12.", ["s12"]),
        ("Refused under s12 FOIA.", ["s12"]),
        ("Refused under S 12.", ["s12"]),
        ("This would exceed the cost limit.", ["s12"]),
        ("Complying would exceed the appropriate limit of £450.", ["s12"]),
        ("It would take more than 18 hours to locate.", ["s12"]),
        ("Names are withheld under s.40(2).", ["s40(2)"]),
        ("Names are withheld under section 40 (2) of the FOIA.", ["s40(2)"]),
        ("Names are withheld as personal data.", ["s40(2)"]),
        ("The rates are exempt under section 43.", ["s43"]),
        ("The rates are exempt under s.43(2).", ["s43(2)"]),
        ("Disclosure would prejudice our commercial interests, so it is withheld.", ["s43(2)"]),
        ("It is available at https://x.gov.uk and exempt under s.21.", ["s21"]),
        ("The information is reasonably accessible to you by other means.", ["s21"]),
        ("We consider this a repeated request under s.14(2).", ["s14(2)"]),
        ("We consider the request vexatious.", ["s14(1)"]),
        ("Withheld under section 31(1)(a) (prevention of crime).", ["s31(1)(a)"]),
        ("Exempt under sections 40(2) and 43(2).", ["s40(2)", "s43(2)"]),
        ("Exempt under section 40(2) and (3).", ["s40(2)", "s40(3)"]),
        ("Withheld under s.43(2); the names under s.40(2); again s.43(2).", ["s43(2)", "s40(2)"]),
        ("Refused under regulation 12(4)(a).", ["r12(4)(a)"]),
        ("The exception at 12(5)(e) applies.", ["r12(5)(e)"]),
        ("Withheld under reg. 12(5)(b) of the EIR.", ["r12(5)(b)"]),
        ("Names withheld under regulation 13.", ["r13"]),
        ("Withheld under regulations 12(5)(e) and 13.", ["r12(5)(e)", "r13"]),
        ("This request is manifestly unreasonable.", ["r12(4)(b)"]),
        ("Withheld on grounds of legal professional privilege.", ["s42"]),
    ],
)
def test_foia_and_eir_codes(text: str, codes: list[str]) -> None:
    assert find_exemptions(text) == codes


@pytest.mark.parametrize(
    "text",
    [
        "Under section 1(1)(a) of the Act we confirm that we hold the information.",
        "We have provided advice and assistance under section 16.",
        "This letter is a refusal notice under section 17 of the FOIA.",
        "Aggregated under Regulation 5 of the Fees Regulations 2004.",
        "Searches were carried out under section 60 of the 1994 Act.",
        "This is not a section 12 refusal.",
        "We are not relying on section 43.",
        "The council's 12 parks and the costs 21 days later.",
        "No personal data is processed by the system.",
        "The staff worked 18 hours a week.",
        "See sections 2 and 3 of the report.",
    ],
)
def test_mentions_that_are_not_exemptions(text: str) -> None:
    assert find_exemptions(text) == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("In accordance with section 17 of FOISA, the information is not held.", ["fs17"]),
        ("Withheld under section 38(1)(b) of FOISA.", ["fs38(1)(b)"]),
        ("Refused under section 12(1) of FOISA as excessive cost.", ["fs12(1)"]),
        ("It is otherwise accessible and exempt under section 25.", ["fs25"]),
        ("It would cost more than the cost limit of £600.", ["fs12"]),
    ],
)
def test_foisa_codes(text: str, codes: list[str]) -> None:
    assert find_exemptions(text, Law.FOISA) == codes


def test_personal_data_is_r13_under_the_eir() -> None:
    assert find_exemptions("Names are withheld as personal data.", Law.EIR) == ["r13"]


@pytest.mark.parametrize(
    ("text", "law"),
    [
        ("This is a response under the Freedom of Information (Scotland) Act 2002.", Law.FOISA),
        ("Refused under section 17 of FOISA.", Law.FOISA),
        ("Handled under the Environmental Information Regulations 2004.", Law.EIR),
        ("Withheld under the EIRs.", Law.EIR),
        ("Refused under regulation 12(4)(b).", Law.EIR),
        ("Refused under section 12 of the Freedom of Information Act 2000.", Law.FOI),
        ("Their reply and our earlier request EIR 2023/101.", Law.FOI),
    ],
)
def test_detect_law(text: str, law: Law) -> None:
    assert detect_law(text) is law


@pytest.mark.parametrize(
    ("text", "outcome", "codes"),
    [
        ("No", A, []),
        ("Yes, the council uses it.", A, []),
        ("0", A, []),
        ("N/A", A, []),
        ("£1.42 million.", A, []),
        ("Not held.", N, []),
        ("No records held.", N, []),
        ("The council does not hold this information.", N, []),
        ("We don’t hold this information by area.", N, []),
        ("We do not currently hold a cost estimate.", N, []),
        ("There are no such records.", N, []),
        ("This information is not recorded.", N, []),
        ("Under section 17 of FOISA this is notice that the information is not held.", N, []),
        ("Refused: it would exceed the cost limit under section 12.", R, ["s12"]),
        ("Names are withheld under section 40(2).", R, ["s40(2)"]),
        (
            "We estimate that retrieving every certificate since 2019 would exceed the appropriate"
            " limit of £600. We are therefore refusing this part under section 12.",
            R,
            ["s12"],
        ),
        (
            "Twenty-two routes were retendered. The operators are withheld under s.43(2).",
            P,
            ["s43(2)"],
        ),
        (
            "The highest rate was £112.50. The agency name is exempt under section 43(2).",
            P,
            ["s43(2)"],
        ),
        (
            "Please find attached the data; personal data has been redacted under s.40(2).",
            P,
            ["s40(2)"],
        ),
        (
            "Penalty deductions of £2.3 million since 2019. The breakdown is withheld under "
            "regulation 12(5)(e).",
            P,
            ["r12(5)(e)"],
        ),
        ("The total is £265.2 million. The breakdown by rank is not held.", P, []),
        ("This is published on our website and so exempt under section 21.", A, ["s21"]),
        (
            "We do not hold hourly readings (regulation 12(4)(a)). Diffusion tube results are "
            "published in our annual report.",
            P,
            ["r12(4)(a)"],
        ),
        ("Hourly readings are not held, so regulation 12(4)(a) applies.", N, ["r12(4)(a)"]),
        ("Could you please clarify what you mean by 'AI'?", C, []),
        ("We need further clarification of the period you are interested in.", C, []),
        ("Following your clarification of 3 May, the answer is 12.", A, []),
        ("", Outcome.PENDING, []),
    ],
)
def test_classify(text: str, outcome: Outcome, codes: list[str]) -> None:
    assert classify(text) == (outcome, codes)


@pytest.mark.parametrize(
    ("answer", "question", "outcome"),
    [
        ("None", "Details of any briefing notes or reports from the last 12 months.", N),
        ("None.", "Copies of any minutes.", N),
        ("Nil", "Any contracts with the supplier.", N),
        ("None", "How many complaints were received in 2023?", A),
        ("None", "What was the total cost of the scheme?", A),
        ("No such records", "How many complaints were received?", N),
    ],
)
def test_a_bare_none_depends_on_the_question(answer: str, question: str, outcome: Outcome) -> None:
    assert classify(answer, [question])[0] is outcome


@pytest.mark.parametrize(
    ("outcomes", "combined"),
    [
        ([], Outcome.PENDING),
        ([A], A),
        ([A, A], A),
        ([A, N], P),
        ([A, R], P),
        ([N, R], R),
        ([Outcome.PENDING, N], N),
        ([C, N], N),
    ],
)
def test_combine(outcomes: list[Outcome], combined: Outcome) -> None:
    assert combine(outcomes) is combined


def test_questions_copy_outcome_and_exemptions_from_their_answers() -> None:
    result = parse_pair(
        "1. How many cameras?\n2. What does each cost?\n3. Who supplies them?",
        "1. 2,750 cameras.\n2. The unit cost is withheld under section 43 of the FOI Act.\n"
        "3. We do not hold this information.",
    )
    assert [(q.outcome, q.exemptions) for q in result.questions] == [
        (A, []),
        (R, ["s43"]),
        (N, []),
    ]
    assert [(a.outcome, a.exemptions) for a in result.answers] == [(A, []), (R, ["s43"]), (N, [])]


def test_foisa_context_comes_from_the_whole_response() -> None:
    result = parse_pair(
        "1. How many meals?\n2. How much debt?",
        "This response is made under the Freedom of Information (Scotland) Act 2002.\n\n1. 412."
        "\n\n2. We do not hold this information; section 17 applies.",
    )
    assert result.questions[1].exemptions == ["fs17"]
    assert result.questions[1].outcome is N


# --- whole-request refusals and clarifications cover every question ---------------------------

THREE_BULLETS = (
    "<p>Please send me:</p><ul><li>the number of potholes reported in 2023;</li><li>the number"
    " repaired within 24 hours;</li><li>the cost of pothole repairs in 2023.</li></ul>"
)
THREE_NUMBERED = (
    "<p>1) The number of potholes reported in 2023.</p><p>2) The number repaired within 24 "
    "hours.</p><p>3) The cost of pothole repairs in 2023.</p>"
)


@pytest.mark.parametrize("request_text", [THREE_BULLETS, THREE_NUMBERED])
@pytest.mark.parametrize(
    "response",
    [
        "<p>Dear Requester,</p><p>We estimate that answering your request would exceed the "
        "appropriate limit of £450. Highways hold over 2,000 inspection files, and the data for "
        "question 2 would need to be extracted by hand. We have also taken into account your "
        "two other requests received in May.</p><p>You may wish to submit a narrower request, "
        "for example limited to question 1 alone, which we could answer within the limit.</p>"
        "<p>Yours sincerely,<br>Highways</p>",
        "<p>Your request is refused under section 12 of the FOIA. Locating the 3,400 repair "
        "records would take more than 18 hours.</p><p>If you narrow your request to question 3 "
        "alone, we may be able to help.</p>",
        "<p>Complying with this request would exceed the cost limit. There are 14 depots, each "
        "keeping its own paper records.</p><p>When the cost of one part of a request exceeds "
        "the limit, the council need not answer any part of it.</p>",
    ],
)
def test_a_whole_request_cost_refusal_refuses_every_question(
    request_text: str, response: str
) -> None:
    result = parse_pair(request_text, response)
    assert [(q.outcome, q.exemptions) for q in result.questions] == [(R, ["s12"])] * 3


def test_a_cost_refusal_of_part_of_one_answer_is_still_partly_answered() -> None:
    result = parse_pair(
        THREE_NUMBERED,
        "<p>1) 4,120.</p><p>2) For 2023 there were 3,002 repairs within 24 hours. Figures for "
        "earlier years would exceed the cost limit.</p><p>3) £1.2 million.</p>",
    )
    assert [q.outcome for q in result.questions] == [A, P, A]


@pytest.mark.parametrize("request_text", [THREE_BULLETS, THREE_NUMBERED])
@pytest.mark.parametrize(
    "response",
    [
        "<p>Thank you for your request for information, which we received on 2 May 2024.</p>"
        "<p>In order to respond, we need you to clarify your request. Please tell us which "
        "period you mean. The 20 working day period will begin once we receive your "
        "clarification.</p>",
        "<p>Your request is unclear. Please specify which roads and which years you mean.</p>",
        "<p>Before we can respond, could you confirm whether you mean council roads only or "
        "trunk roads too?</p>",
        "<p>We require you to clarify what you mean by 'repaired'. Until we receive your "
        "clarification, the request is on hold.</p>",
    ],
)
def test_a_clarification_covering_the_request_asks_for_every_question(
    request_text: str, response: str
) -> None:
    result = parse_pair(request_text, response)
    assert {q.outcome for q in result.questions} == {C}
    assert len(result.answers) == 1 and len(result.answers[0].questions) == 3


@pytest.mark.parametrize(
    "preamble",
    [
        "The council has considered your request under the Environmental Information "
        "Regulations 2004 (EIR).",
        "Transport for London has considered your request under the Freedom of Information "
        "Act 2000.",
        "We have considered your request under the EIR.",
        "This request has been handled under the Environmental Information Regulations.",
        "We are treating your request as a request for environmental information.",
    ],
)
def test_a_one_question_preamble_is_unassigned_not_part_of_the_answer(preamble: str) -> None:
    result = parse_pair(
        "<p>Please send me the air quality readings for Bridge Street in 2023.</p>",
        f"<p>{preamble}</p><p>The readings are attached.</p>",
    )
    (question,) = result.questions
    assert question.answer == "The readings are attached."
    assert preamble in result.unassigned_response


def test_a_preamble_sentence_that_goes_on_to_answer_stays_in_the_answer() -> None:
    result = parse_pair(
        "<p>Please send me the air quality readings for Bridge Street in 2023.</p>",
        "<p>We have considered your request and the council does not hold these readings.</p>",
    )
    (question,) = result.questions
    assert question.outcome is N
    assert question.answer is not None and "does not hold" in question.answer


# Non-ASCII texts: detect_law rules most of them out on their UTF-8 bytes before lower-casing.
@pytest.mark.parametrize(
    ("text", "law"),
    [
        ("Le café’s EIR response: £5", Law.EIR),
        ("A £5 fee under the EIRs applies", Law.EIR),
        ("Their £5 fee", Law.FOI),
        ("Caféeir £5", Law.FOI),  # "eir" right after a letter, an accented one too
        ("Fee £5 (FOISA)", Law.FOISA),
        ("Fee £5 under the Freedom of Information (Scotland) Act", Law.FOISA),
        ("Fee £5, see Regulation 12", Law.EIR),
        ("Fee £5: Environmental Information", Law.EIR),
        ("FOİSA £5", Law.FOI),  # "İ" lowers to "i" and a combining dot
        ("EIR-123 £5", Law.FOI),
        ("\u212aeir £5", Law.FOI),  # the Kelvin sign lowers to "k"
        ("İeir £5", Law.EIR),
    ],
)
def test_detect_law_on_non_ascii_text(text: str, law: Law) -> None:
    assert detect_law(text) is law


@pytest.mark.parametrize(
    ("text", "outcome", "codes"),
    [
        (
            "We could not find the file. Before we can search, could you tell us which year "
            "you mean?",
            C,
            [],
        ),
        ("Please could you clarify which depots you mean? The cost is £5.", C, []),
        ("We would like you to confirm the date range.", C, []),
        ("Once we receive your clarification we will respond.", C, []),
        ("We hold records from before 2019 only.", A, []),
        ("We do not hold this. Twenty-one were closed.", P, []),
        ("We do not hold this. Twenty were closed in 2019.", P, []),
        ("We do not hold this; section 12 applies to the 2019 data.", R, ["s12"]),
        ("Not held. See www.x.gov.uk/2020 for twenty reports.", P, []),
        ("The information is exempt under section 40(2). 3 May 2021 was the date.", R, ["s40(2)"]),
        ("The information is exempt under section 40(2). There were 12 cases.", P, ["s40(2)"]),
    ],
)
def test_classify_clarifications_and_quantities(
    text: str, outcome: Outcome, codes: list[str]
) -> None:
    assert classify(text) == (outcome, codes)


def test_section_names_between_the_numbers_of_one_citation() -> None:
    # As Nottinghamshire Fire and Rescue Service published it (tests/data/real/b.tsv).
    text = (
        "The information requested is exempt by virtue of sections 21 (Information accessible "
        "to applicant by other means) and 22 (Information intended for future publication)."
    )
    assert find_exemptions(text) == ["s21", "s22"]


def test_a_bare_sub_item_stays_under_its_subsection() -> None:
    # "31(1)(a) and (b)" cites s.31(1)(b); FOIA s.31 has no subsection (b) of its own.
    assert find_exemptions("exempt under section 31(1)(a) and (b)") == ["s31(1)(a)", "s31(1)(b)"]
    assert find_exemptions("section 40(2) and (3)") == ["s40(2)", "s40(3)"]


def test_eisr_written_as_ei_s_r_and_a_bare_regulation_number() -> None:
    # As Scottish Borders Council published it (tests/data/real/c.tsv): "Under 10(4)(b) of
    # EI(S)R 2004": the Environmental Information (Scotland) Regulations 2004, reg. 10(4)(b).
    text = "Under 10(4)(b) of EI(S)R 2004 Scottish Borders Council is refusing the request."
    assert detect_law(text) is Law.EISR
    assert find_exemptions(text, Law.EISR) == ["sr10(4)(b)"]


def test_foisa_39_2_gives_way_to_the_eisr_exception() -> None:
    # Scottish Forestry's wording (tests/data/real/c.tsv): s.39(2) FOISA sets FOISA aside for
    # environmental information; the ground of refusal is the EISR exception it routes to.
    text = (
        "We are applying the exemption at section 39(2) of FOISA. The information is personal "
        "data and is withheld under regulation 11(2) of the EISRs."
    )
    assert find_exemptions(text, Law.EISR) == ["sr11(2)"]
    assert find_exemptions("exempt under section 39(2) of FOISA", Law.FOISA) == ["fs39(2)"]


def test_eisr_not_held_and_publicly_available_are_not_refusals() -> None:
    # EISR reg. 10(4)(a): not held (as EIR reg. 12(4)(a)); reg. 6(1)(b): publicly available
    # and easily accessible in another form (as FOIA s.21 signposts).
    not_held = "The information is not held, so regulation 10(4)(a) of the EISRs applies."
    assert classify(not_held, law=Law.EISR) == (Outcome.NOT_HELD, ["sr10(4)(a)"])
    elsewhere = "Under regulation 6(1)(b) of the EISRs the report is published on our website."
    outcome, codes = classify(elsewhere, law=Law.EISR)
    assert codes == ["sr6(1)(b)"] and outcome is not Outcome.REFUSED


def test_small_numbers_held_back_to_protect_people_are_personal_data() -> None:
    # Issue 14: published answers suppress small numbers ("<5", "*") for personal data without
    # citing s.40(2) (FOIA s.40(2); EIR reg. 13; FOISA s.38(1)(b)).
    text = "Where the figure is less than 5 it has been shown as * to protect the individuals."
    assert classify(text, ["How many staff were disciplined?"])[1] == ["s40(2)"]
    assert classify(text, [], Law.FOISA)[1] == ["fs38(1)(b)"]
    assert classify("Fewer than 5 staff work there.", ["How many staff?"])[1] == []
