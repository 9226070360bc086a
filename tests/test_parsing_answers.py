"""Matching a response's answers to the request's questions (foitui.parsing.answers)."""

from __future__ import annotations

import pytest

from foitui.models import Outcome
from foitui.parsing import parse_pair

# The real seed record (shared/data/seed.tsv): the response cell, then its continuation line.
SEED_REQUEST = (
    "<p>This is a new information request but is linked to a previous request, which was "
    "refused by the local authority on grounds of cost. The previous reference was FOI "
    "<b>11726</b>. We are submitting this Freedom of Information Request for information "
    "relating to the previous, current, or planned use of data analytics, predictive analytics,"
    " and/or algorithmic automated systems used within child and family services</p> <p>Please "
    'can you supply the following information:</p> <ol style="list-style-type: none"> <li>1) '
    "Is the council currently using data analytics, predictive analytics, and/or artificial "
    "intelligence systems to support children's service provision? If so, what/which of these?"
    "</li> <li>2) Is the council intending to use data analytics and or artificial intelligence"
    " systems to support children's service provision? If so, what/which of these?</li> <li>3)"
    " Details of any briefing notes, reports, or summaries relating to the use or potential use"
    " of data analytics, predictive analytics, and or artificial intelligence systems to support"
    " children's service provision, dated within the last 12 months.</li> <li>4) Any meeting "
    "minutes, reports, or presentation materials on the efficacy or impact of data analytics, "
    "predictive analytics, and or artificial intelligence systems to support children's service"
    " provision, dated within the last 12 months.</li> <li>5) Details of any third-party "
    "consultants or suppliers of data analytics, predictive analytics, or artificial "
    "intelligence systems including any contracts, memoranda of understanding, or other "
    "agreements (which may include but not exclusively data sharing agreements), dated within "
    "the last 12 months</li> </ol>"
)
SEED_RESPONSE = (
    '<ol style="list-style-type: none"> <li>1) No</li> <li>2) No</li> <li>3) None</li> <li>4) '
    "None</li> <li>5) None</li> </ol>\n<p>Please note that in our last response to a previous "
    "iteration of this FOI (FOI 11726) we noted that “Wigan Council undertake a vast amount of "
    "data analytics work to inform and support Children’s Services provision” and declined the "
    "FOI on the grounds that it would take more than 18 hours to complete. On reflection, the "
    "incorrect interpretation of your ‘data analytics’ definition below was utilised and taken "
    "to mean the wealth of monitoring data, we use to support operational and strategic service"
    " delivery.</p>"
)


def answered(request: str, response: str) -> dict[str, str | None]:
    return {q.key: q.answer for q in parse_pair(request, response).questions}


def test_seed_record_end_to_end() -> None:
    result = parse_pair(SEED_REQUEST, SEED_RESPONSE)
    assert [q.label for q in result.questions] == ["1", "2", "3", "4", "5"]
    assert [q.key for q in result.questions] == ["1", "2", "3", "4", "5"]
    assert result.questions[0].text == (
        "Is the council currently using data analytics, predictive analytics, and/or artificial "
        "intelligence systems to support children's service provision? If so, what/which of "
        "these?"
    )
    assert result.questions[4].text.endswith("dated within the last 12 months")
    assert [q.answer for q in result.questions] == ["No", "No", "None", "None", "None"]
    assert [q.outcome for q in result.questions] == [
        Outcome.ANSWERED,
        Outcome.ANSWERED,
        Outcome.NOT_HELD,
        Outcome.NOT_HELD,
        Outcome.NOT_HELD,
    ]
    assert [a.questions for a in result.answers] == [["1"], ["2"], ["3"], ["4"], ["5"]]
    (note,) = result.unassigned_response
    assert note.startswith("Please note that in our last response")
    assert [(r.text, r.scheme, r.id) for r in result.references] == [("FOI 11726", "FOI", "11726")]
    assert result.own_ref is None
    assert result.request_text.startswith("This is a new information request")
    assert "\n\n1) Is the council currently using" in result.request_text
    assert result.response_text.split("\n\n")[:2] == ["1) No", "2) No"]


def test_labels_first_even_out_of_order() -> None:
    request = "i) officers in post;\nii) assaults on staff;\niii) restricted regimes."
    response = "ii. 312 assaults.\n\ni. 410 officers.\n\niii. Not recorded, so not held."
    assert answered(request, response) == {
        "i": "410 officers.",
        "ii": "312 assaults.",
        "iii": "Not recorded, so not held.",
    }


@pytest.mark.parametrize(
    "response",
    [
        "Q1: Yes\n\nQ2: No\n\nQ3: 12",
        "Question 1: Yes\n\nQuestion 2: No\n\nQuestion 3: 12",
        "A1: Yes\n\nA2: No\n\nA3: 12",
        "1. Yes\n\nQuestion 2: No\n\nResponse to question 3: 12",
        "<table><tr><td>1</td><td>Yes</td></tr><tr><td>2</td><td>No</td></tr>"
        "<tr><td>3</td><td>12</td></tr></table>",
        "<ol><li>Yes</li><li>No</li><li>12</li></ol>",
    ],
)
def test_label_styles_differ_between_request_and_response(response: str) -> None:
    assert answered("1) Is it used?\n2) Is it planned?\n3) How many staff?", response) == {
        "1": "Yes",
        "2": "No",
        "3": "12",
    }


def test_unknown_labels_fall_back_to_order() -> None:
    assert answered("a) How many?\nb) How much?", "1. Twelve.\n2. £5.") == {
        "a": "Twelve.",
        "b": "£5.",
    }


@pytest.mark.parametrize(
    "marker", ["Q3 and Q4:", "Q3 & Q4", "Questions 3-4:", "Questions 3 to 4:", "3 and 4)"]
)
def test_joint_answers_cover_several_questions(marker: str) -> None:
    request = "Q1 How many offences?\nQ2 How many bins?\nQ3 How many knives?\nQ4 How many zombie?"
    response = f"Q1: 1,876.\n\nQ2: 41 bins.\n\n{marker} This information is not held."
    result = parse_pair(request, response)
    assert result.answers[-1].questions == ["3", "4"]
    assert (
        result.questions[2].answer == result.questions[3].answer == "This information is not held."
    )
    assert result.questions[3].outcome is Outcome.NOT_HELD


def test_missing_answer_leaves_the_question_pending() -> None:
    result = parse_pair("1. a?\n2. b?\n3. c?\n4. d?", "1. Yes\n2. No\n4. 7")
    assert [(q.key, q.answer, q.outcome) for q in result.questions] == [
        ("1", "Yes", Outcome.ANSWERED),
        ("2", "No", Outcome.ANSWERED),
        ("3", None, Outcome.PENDING),
        ("4", "7", Outcome.ANSWERED),
    ]


def test_echoed_questions_are_cut_from_the_answers() -> None:
    request = (
        "<p>1. How many complaints about damp were received in 2023?</p>"
        "<p>2. How many were upheld?</p>"
    )
    inline = (
        "<p>1. How many complaints about damp were received in 2023? Response: 1,204</p>"
        "<p>2. How many were upheld? Answer: 388</p>"
    )
    separate = (
        "<p><b>1. How many complaints about damp were received in 2023?</b><br>1,204 complaints"
        "</p><p><b>2. How many were upheld?</b><br>388.</p>"
    )
    unmarked = (
        "<p>How many complaints about damp were received in 2023?</p><p>1,204 complaints</p>"
        "<p>How many were upheld?</p><p>388.</p>"
    )
    assert answered(request, inline) == {"1": "1,204", "2": "388"}
    assert answered(request, separate) == {"1": "1,204 complaints", "2": "388."}
    assert answered(request, unmarked) == {"1": "1,204 complaints", "2": "388."}


def test_a_table_that_repeats_the_questions_gives_the_answer_cells() -> None:
    response = (
        "<table><tr><th>Question</th><th>Answer</th></tr>"
        "<tr><td>1. How many fires?</td><td>214</td></tr>"
        "<tr><td>2. How many arrests?</td><td>9</td></tr></table>"
    )
    result = parse_pair("1. How many fires?\n2. How many arrests?", response)
    assert [q.answer for q in result.questions] == ["214", "9"]
    assert result.unassigned_response == ["Question | Answer"]


def test_an_answer_that_starts_like_its_question_is_not_an_echo() -> None:
    request = "i) the number of assaults on staff;\nii) the number of officers."
    response = (
        "i. The number of assaults on staff is published in the Safety in Custody statistics."
        "\n\nii. 410."
    )
    assert answered(request, response)["i"] == (
        "The number of assaults on staff is published in the Safety in Custody statistics."
    )


def test_blocks_after_a_marker_belong_to_its_answer_until_the_next_marker() -> None:
    response = (
        "Dear Ms Jones\n\nThank you for your request.\n\n1. 12 staff.\n\nThis excludes agency "
        "staff.\n\n2. £4,000.\n\nThe figure is for 2023/24.\n\nIf you are dissatisfied with the "
        "handling of your request you can ask for an internal review.\n\nYours sincerely\n\n"
        "Jane Doe\nInformation Governance Officer"
    )
    result = parse_pair("1. How many staff?\n2. What was the cost?", response)
    assert [q.answer for q in result.questions] == [
        "12 staff.\n\nThis excludes agency staff.",
        "£4,000.\n\nThe figure is for 2023/24.",
    ]
    assert result.unassigned_response == [
        "Dear Ms Jones",
        "Thank you for your request.",
        "If you are dissatisfied with the handling of your request you can ask for an internal "
        "review.",
        "Yours sincerely",
        "Jane Doe",
        "Information Governance Officer",
    ]


def test_a_note_after_the_answers_list_is_unassigned() -> None:
    response = "<ol><li>Yes</li><li>No</li></ol><p>The council reviews this policy every year.</p>"
    result = parse_pair("<ol><li>Is there a policy?</li><li>Is it public?</li></ol>", response)
    assert [q.answer for q in result.questions] == ["Yes", "No"]
    assert result.unassigned_response == ["The council reviews this policy every year."]


def test_a_rights_list_after_the_answers_is_not_an_answer() -> None:
    response = "1. Yes\n2. No\n\nYou can:\n1) ask for an internal review\n2) complain to the ICO"
    result = parse_pair("1. A?\n2. B?", response)
    assert result.questions[1].answer is not None
    assert result.questions[1].answer.startswith("No")
    assert "1) ask for an internal review" in result.unassigned_response
    assert "2) complain to the ICO" in result.unassigned_response


def test_one_question_and_no_markers_takes_the_substantive_text() -> None:
    response = (
        "Dear Mr X\n\nThank you for your request.\n\nThe council does not hold this "
        "information.\n\nYours sincerely"
    )
    result = parse_pair("Is the council using AI in children's services?", response)
    assert result.questions[0].answer == "The council does not hold this information."
    assert result.questions[0].outcome is Outcome.NOT_HELD
    assert result.unassigned_response == [
        "Dear Mr X",
        "Thank you for your request.",
        "Yours sincerely",
    ]


def test_a_blanket_refusal_answers_every_question() -> None:
    response = (
        "<p>We estimate that complying with your request would exceed the appropriate limit of "
        "£450.</p><p>We are therefore refusing your request under section 12 of the FOIA.</p>"
    )
    result = parse_pair("1. How many empty homes?\n2. Where?\n3. How long empty?", response)
    assert [a.questions for a in result.answers] == [["1", "2", "3"]]
    assert {q.outcome for q in result.questions} == {Outcome.REFUSED}
    assert all(q.exemptions == ["s12"] for q in result.questions)


def test_an_acknowledgement_answers_nothing() -> None:
    response = (
        "<p>Our reference: FOI2024/04471</p><p>Thank you for your request for information, which"
        " we received on 12 February 2024.</p><p>We aim to send a full response by 11 March 2024,"
        " which is 20 working days from receipt.</p><p>Yours sincerely,<br>FOI Team</p>"
    )
    result = parse_pair("1. How many staff?\n2. What was the cost?", response)
    assert result.answers == []
    assert {q.outcome for q in result.questions} == {Outcome.PENDING}
    assert len(result.unassigned_response) == 5


@pytest.mark.parametrize(
    "response",
    [
        "<ul><li>Yes.</li><li>No, the list is open.</li><li>£1,127 a year.</li></ul>",
        "<p>Yes.</p><p>No, the list is open.</p><p>£1,127 a year.</p>",
    ],
)
def test_unnumbered_answers_pair_with_questions_in_order(response: str) -> None:
    request = (
        "<ol><li>Is there a waiting list?</li><li>Is it closed?</li><li>What is the fee?</li></ol>"
    )
    assert answered(request, response) == {
        "1": "Yes.",
        "2": "No, the list is open.",
        "3": "£1,127 a year.",
    }


def test_restarted_numbering_matches_in_turn() -> None:
    request = "Part A\n1. Alpha?\n2. Beta?\nPart B\n1. Gamma?\n2. Delta?"
    response = "Part A\n1. a1\n2. a2\nPart B\n1. b1\n2. b2"
    result = parse_pair(request, response)
    assert answered(request, response) == {"1": "a1", "2": "a2", "1-2": "b1", "2-2": "b2"}
    assert result.unassigned_response == ["Part A", "Part B"]


def test_sub_answers_match_sub_questions_and_a_parent_answer_covers_its_children() -> None:
    request = (
        "<ol><li>How many contracts?</li><li>For the care contract:<ol type='a'>"
        "<li>the supplier;</li><li>the value.</li></ol></li></ol>"
    )
    split = "<p>1. 14.</p><p>2(a) CareSoft Ltd.</p><p>2(b) Withheld under section 43(2).</p>"
    assert answered(request, split) == {
        "1": "14.",
        "2": None,
        "2a": "CareSoft Ltd.",
        "2b": "Withheld under section 43(2).",
    }
    whole = "<p>1. 14.</p><p>2. The contract details are withheld under section 43(2).</p>"
    result = parse_pair(request, whole)
    assert result.answers[1].questions == ["2", "2a", "2b"]
    assert result.questions[2].exemptions == ["s43(2)"]


def test_roman_sub_answers_inline_after_the_parent_marker() -> None:
    request = "1. Main question?\n(i) first sub\n(ii) second sub\n2. Second question?"
    assert answered(request, "1. (i) 5\n(ii) 6\n2. Yes") == {
        "1": None,
        "1i": "5",
        "1ii": "6",
        "2": "Yes",
    }


def test_a_dash_marker_before_a_number_needs_the_request_to_have_that_question() -> None:
    request = "1 - How many patients?\n2 - What was the longest wait?"
    assert answered(request, "1 - 1,486 patients.\n2 - 71 hours.") == {
        "1": "1,486 patients.",
        "2": "71 hours.",
    }
    one = answered("How many people attended?", "10 - 15 people attended the training.")
    assert one == {"1": "10 - 15 people attended the training."}


def test_no_questions_means_everything_is_unassigned() -> None:
    result = parse_pair("", "<p>1) Yes</p><p>Thanks</p>")
    assert result.questions == [] and result.answers == []
    assert result.unassigned_response == ["1) Yes", "Thanks"]


# --- joint markers: every listed question gets the answer, outcome and exemptions -------------

FIVE = "<p>1) Alpha?</p><p>2) Beta?</p><p>3) Gamma?</p><p>4) Delta?</p><p>5) Epsilon?</p>"


@pytest.mark.parametrize(
    ("joint", "covered"),
    [
        ("1) and 2)", ["1", "2"]),
        ("1 & 2:", ["1", "2"]),
        ("Q1/Q2:", ["1", "2"]),
        ("(1) and (2)", ["1", "2"]),
        ("Questions 1 to 3:", ["1", "2", "3"]),
        ("Q1-Q3", ["1", "2", "3"]),
        ("1), 2) and 3)", ["1", "2", "3"]),
    ],
)
def test_joint_markers_give_each_question_the_answer_outcome_and_exemptions(
    joint: str, covered: list[str]
) -> None:
    rest = [k for k in ["1", "2", "3", "4", "5"] if k not in covered]
    response = (
        f"<p>{joint} The council does not hold this information, so these parts are refused "
        "under regulation 12(4)(a).</p>"
    ) + "".join(f"<p>{k}) The figure is 4{k}.</p>" for k in rest)
    result = parse_pair(FIVE, response)
    assert result.answers[0].questions == covered
    for q in result.questions:
        if q.key in covered:
            assert q.answer is not None and q.answer.startswith("The council does not hold")
            assert (q.outcome, q.exemptions) == (Outcome.NOT_HELD, ["r12(4)(a)"])
        else:
            assert (q.answer, q.outcome) == (f"The figure is 4{q.key}.", Outcome.ANSWERED)


# --- acknowledgement-only responses answer nothing, even for a one-question request -----------

ONE_QUESTION = "<p>Please send me the council's tree maintenance budget for 2024/25.</p>"
THREE_QUESTIONS = "1) How many trees were felled?\n2) How many were planted?\n3) At what cost?"


@pytest.mark.parametrize(
    "response",
    [
        "<p>Our reference: FOI 8812</p><p>Dear Ms Lee,</p><p>Thank you for your request, which "
        "we received on 3 June 2024.</p><p>We will respond by 1 July 2024. If we need to extend "
        "the deadline we will let you know.</p>",
        "We received your request on 3 June 2024 and will respond within 20 working days, by 1 "
        "July 2024.\n\nIf we need more time to consider the public interest we will let you know.",
        "<p>Your request has been passed to the Highways team, who will reply by 14 May 2024.</p>",
        "<p>We acknowledge receipt of your request for information dated 3 May. It has been "
        "logged and we aim to respond within 20 working days.</p><p>Regards,<br>FOI Team</p>",
        "<p>Your request is being handled under the Environmental Information Regulations 2004."
        " We will respond no later than 5 August 2024.</p><p>If the request proves complex and "
        "voluminous, we may extend the time for our response to 40 working days and will tell "
        "you if so.</p>",
    ],
)
@pytest.mark.parametrize("request_text", [ONE_QUESTION, THREE_QUESTIONS])
def test_acknowledgements_leave_every_question_pending(response: str, request_text: str) -> None:
    result = parse_pair(request_text, response)
    assert result.answers == []
    assert {(q.answer, q.outcome) for q in result.questions} == {(None, Outcome.PENDING)}
    kept = " ".join(result.unassigned_response)
    assert "respond" in kept or "reply" in kept


@pytest.mark.parametrize(
    ("response", "outcome", "contains"),
    [
        ("<p>We received 45 complaints about trees in 2023.</p>", Outcome.ANSWERED, "45"),
        (
            "<p>The council received your request on 3 May. We do not hold this information.</p>",
            Outcome.NOT_HELD,
            "do not hold",
        ),
        (
            "<p>Thank you for your request, which we received on 3 May.</p><p>Please find the "
            "budget attached.</p>",
            Outcome.ANSWERED,
            "attached",
        ),
        (
            "<p>The maintenance contract will be extended to March 2026.</p>",
            Outcome.ANSWERED,
            "2026",
        ),
        (
            "<p>The deadline for tree works applications was 5 May 2024.</p>",
            Outcome.ANSWERED,
            "5 May",
        ),
    ],
)
def test_answers_that_mention_receipt_or_dates_still_answer(
    response: str, outcome: Outcome, contains: str
) -> None:
    (question,) = parse_pair(ONE_QUESTION, response).questions
    assert question.outcome is outcome
    assert question.answer is not None and contains in question.answer


def test_one_paragraph_that_answers_and_mentions_a_review_still_answers() -> None:
    response = (
        "<p>Thank you for your request. We do not hold this information. If you are unhappy "
        "with this response you may ask for an internal review.</p>"
    )
    (question,) = parse_pair(ONE_QUESTION, response).questions
    assert question.outcome is Outcome.NOT_HELD


def test_models_are_validated_with_the_fields_given() -> None:
    # _build_answers calls the models' validators with dicts: the same models as Question(...)
    # and Answer(...), fresh lists included.
    result = parse_pair(
        "<p>1. How many staff?</p><p>2. How many vans?</p>",
        "<p>1. Twelve.</p><p>2. Personal data is withheld under section 40(2).</p>",
    )
    first, second = result.questions
    assert first.model_fields_set == {
        "key",
        "label",
        "parent",
        "text",
        "answer",
        "attachment",
        "outcome",
        "exemptions",
    }
    assert result.answers[1].model_fields_set == {
        "questions",
        "text",
        "outcome",
        "exemptions",
        "matched_by",
    }
    assert [a.matched_by for a in result.answers] == ["label", "label"]
    assert second.exemptions == result.answers[1].exemptions == ["s40(2)"]
    assert second.exemptions is not result.answers[1].exemptions
    assert second.outcome is Outcome.REFUSED


def test_each_answer_says_how_it_was_matched() -> None:
    # "check the split" flags answers matched by order alone (foitui/parsing/check.py).
    asked = "<p>1. How many staff?</p><p>2. How many vans?</p><p>3. How many cars?</p>"
    by_letter = parse_pair(asked, "<p>a) Twelve.</p><p>b) Three.</p><p>c) None.</p>")
    assert {a.matched_by for a in by_letter.answers} == {"order"}
    echoed = parse_pair(
        "<p>1. How many staff work in parking?</p><p>2. How many vans do you own?</p>",
        "<p>How many staff work in parking?</p><p>Twelve.</p>",
    )
    assert echoed.answers[0].matched_by == "echo"
    blanket = parse_pair(asked, "<p>This request is refused under section 12.</p>")
    assert blanket.answers[0].matched_by == "blanket"


def test_answers_past_question_999_are_matched() -> None:
    # Issue 15: a request of 10,000 questions had only 999 answers matched ("1000." was no
    # marker). Four- and five-digit numbers mark an answer when the request has that question.
    n = 1200
    request = "<ol>" + "".join(f"<li>Question {i}?" for i in range(1, n + 1)) + "</ol>"
    response = "".join(f"<p>{i}. Answer {i}</p>" for i in range(1, n + 1))
    result = parse_pair(request, response)
    assert sum(1 for q in result.questions if q.answer) == n
    assert result.questions[1099].answer == "Answer 1100"
    # A year opening a paragraph is not question 2023's answer.
    short = parse_pair("<p>1. How many?</p>", "<p>1. Twelve.</p><p>2023. Figures above.</p>")
    assert "2023. Figures above." in short.questions[0].answer


def test_questions_named_in_words_open_their_answers() -> None:
    # Responses name questions in words ("the first part of your second question", as issue 14
    # quotes from published responses): question 1, and the first part of question 2 is 2a.
    result = parse_pair(
        "<p>1. How many cars?</p><p>2. (a) How many vans? (b) What colour are they?</p>",
        "<p>In answer to your first question, 12.</p>"
        "<p>The first part of your second question: 3 vans.</p>"
        "<p>The second part of your second question: white.</p>",
    )
    got = {q.key: q.answer for q in result.questions}
    assert got["1"] == "In answer to your first question, 12."
    assert got["2a"] == "The first part of your second question: 3 vans."
    assert got["2b"] == "The second part of your second question: white."


def test_a_reviewers_numbered_findings_are_not_answers() -> None:
    # Issue 14: in internal review responses the reviewer's numbered findings are not answers
    # to the requester's questions (a finding "1." is not the answer to question 1).
    result = parse_pair(
        "<p>1. How many parking tickets were issued in 2023?</p>"
        "<p>2. How much income did they raise?</p>",
        "<p>I have now completed the internal review of your request. My findings are:</p>"
        "<p>1. The original response was sent late, outside the 20 working days.</p>"
        "<p>2. The exemption at section 43(2) was correctly applied to question 2.</p>"
        "<p>I therefore uphold the original decision.</p>",
    )
    for question in result.questions:
        assert "sent late" not in (question.answer or "")
        assert "uphold the original decision" in (question.answer or "")
    assert any(u.startswith("1. The original response") for u in result.unassigned_response)
