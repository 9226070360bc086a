"""apply_corrections: every op, keys unique, marks following, ops that no longer apply."""

from __future__ import annotations

from foitui.models import Answer, Outcome, ParseResult, Question
from foitui.parsing import parse_pair
from foitui.parsing.check import codes, reasons, sentence
from foitui.parsing.corrections import apply_corrections, correct, describe, normalise_label

REQUEST = (
    "<p>1. How many parking tickets were issued in 2023? 2. how many were cancelled?</p>"
    "<p>3. What did the scheme cost?</p><p>5. Who decided on it?</p>"
)
RESPONSE = (
    "<p>Thank you for your request.</p><p>1. 400 tickets were issued.</p>"
    "<p>There were 30 cancelled.</p><p>3. It cost £5,000.</p>"
    "<p>Please note that you may ask for a review.</p>"
)


def parsed() -> ParseResult:
    return parse_pair(REQUEST, RESPONSE)


def keys(result: ParseResult) -> list[str]:
    return [q.key for q in result.questions]


def test_the_parse_this_file_corrects() -> None:
    result = parsed()
    assert keys(result) == ["1", "3", "5"]
    assert "There were 30 cancelled." in (result.questions[0].answer or "")
    assert codes(result) == "us"  # no answer for 5 with text left over; 1 to 3 skips


def test_split_at_a_marker_takes_its_label_and_cuts_the_marker() -> None:
    op = {"op": "split", "key": "1", "text": "How many parking", "at": "2. how many were"}
    result = apply_corrections(parsed(), [op])
    assert keys(result) == ["1", "2", "3", "5"]
    assert result.questions[0].text == "How many parking tickets were issued in 2023?"
    assert result.questions[1].label == "2"
    assert result.questions[1].text == "how many were cancelled?"
    # The first half keeps its answer; the new question has none yet.
    assert result.questions[0].answer is not None
    assert result.questions[1].answer is None
    assert result.questions[1].outcome == Outcome.PENDING


def test_split_without_a_marker_gets_a_key_of_its_own() -> None:
    op = {"op": "split", "key": "3", "at": "cost"}
    result = apply_corrections(parsed(), [op])
    assert keys(result) == ["1", "3", "3-2", "5"]
    assert result.questions[2].label is None
    assert result.questions[2].text == "cost?"
    assert len(set(keys(result))) == len(keys(result))


def test_merge_with_the_next_keeps_the_first_key_and_both_answers() -> None:
    op = {"op": "merge", "key": "3", "text": "What did", "next": "Who decided"}
    result = apply_corrections(parsed(), [op])
    assert keys(result) == ["1", "3"]
    assert result.questions[1].text == "What did the scheme cost? Who decided on it?"
    assert result.questions[1].answer == "It cost £5,000."


def test_relabel_changes_label_and_key_and_keeps_keys_unique() -> None:
    result = apply_corrections(parsed(), [{"op": "relabel", "key": "5", "label": "Q4."}])
    assert keys(result) == ["1", "3", "4"]
    assert result.questions[2].label == "4"
    clash = apply_corrections(parsed(), [{"op": "relabel", "key": "5", "label": "3"}])
    assert keys(clash) == ["1", "3", "3-2"]
    assert [q.label for q in clash.questions] == ["1", "3", "3"]
    unlabelled = apply_corrections(parsed(), [{"op": "relabel", "key": "5", "label": ""}])
    assert unlabelled.questions[2].label is None
    assert unlabelled.questions[2].key == "5"


def test_move_a_paragraph_of_an_answer_to_another_question() -> None:
    ops = [
        {"op": "split", "key": "1", "at": "2. how many were"},
        {"op": "move", "block": "There were 30 cancelled.", "to": "2"},
    ]
    result = apply_corrections(parsed(), ops)
    assert result.questions[0].answer == "400 tickets were issued."
    assert result.questions[1].answer == "There were 30 cancelled."
    assert result.questions[1].outcome == Outcome.ANSWERED
    moved = next(a for a in result.answers if a.questions == ["2"])
    assert moved.matched_by == "officer"
    # Answers stay in response order.
    assert [a.questions for a in result.answers] == [["1"], ["2"], ["3"]]
    assert codes(result) == "us"  # 5 is still unanswered with text left over; 3 to 5 skips


def test_move_to_unassigned_and_back_where_the_parser_put_it() -> None:
    to_unassigned = {"op": "move", "block": "It cost £5,000.", "to": "unassigned"}
    result = apply_corrections(parsed(), [to_unassigned])
    assert result.questions[1].answer is None
    assert result.questions[1].outcome == Outcome.PENDING
    assert result.unassigned_response == [
        "Thank you for your request.",
        "It cost £5,000.",
        "Please note that you may ask for a review.",
    ]
    back = apply_corrections(
        parsed(), [to_unassigned, {"op": "move", "block": "It cost", "to": "parser"}]
    )
    assert back.questions[1].answer == "It cost £5,000."
    assert back.unassigned_response == parsed().unassigned_response


def test_unassigned_text_moved_to_a_question_is_classified() -> None:
    op = {"op": "move", "block": "Please note", "to": "5", "to_text": "Who decided"}
    result = apply_corrections(parsed(), [op])
    assert result.questions[2].answer == "Please note that you may ask for a review."
    assert "Please note that you may ask for a review." not in result.unassigned_response


def test_ops_anchor_by_text_not_by_key() -> None:
    # The key an op was made with is only a tie-break: a re-parse may number differently.
    op = {"op": "relabel", "key": "9", "text": "Who decided", "label": "4"}
    result = apply_corrections(parsed(), [op])
    assert keys(result) == ["1", "3", "4"]


def test_an_op_that_no_longer_applies_is_skipped_and_reported() -> None:
    ops = [
        {"op": "split", "key": "1", "at": "not in the text"},
        {"op": "merge", "key": "5"},  # the last question: nothing after it
        {"op": "merge", "key": "3", "next": "Something else"},
        {"op": "relabel", "text": "No such question", "label": "7"},
        {"op": "move", "block": "never written", "to": "1"},
        {"op": "move", "block": "Thank you", "to": "unassigned"},  # already there
        {"op": "move", "block": "400", "to": "42"},
        {"op": "frobnicate"},
        {"op": "relabel", "key": "3", "label": "three"},  # still applies after the rest
    ]
    outcome = correct(parsed(), ops)
    assert [s.position for s in outcome.skipped] == [0, 1, 2, 3, 4, 5, 6, 7]
    assert all(s.reason for s in outcome.skipped)
    assert [q.key for q in outcome.questions] == ["1", "three", "5"]


def test_a_split_already_made_by_the_parser_is_skipped() -> None:
    better = parse_pair(REQUEST.replace("? 2. how", "?</p><p>2. how"), RESPONSE)
    assert keys(better) == ["1", "2", "3", "5"]
    outcome = correct(better, [{"op": "split", "key": "1", "at": "2. how many were"}])
    assert len(outcome.skipped) == 1
    assert [q.key for q in outcome.questions] == ["1", "2", "3", "5"]


def test_marks_follow_a_relabel_and_never_another_questions_key() -> None:
    marks = {"5": {"outcome": "refused", "note": "asked twice"}, "3": {"note": "costly"}}
    relabelled = correct(parsed(), [{"op": "relabel", "key": "5", "label": "4"}])
    carried = relabelled.carry_marks(marks)
    assert carried["4"] == {"outcome": "refused", "note": "asked twice"}
    assert carried["3"] == {"note": "costly"}
    # A mark made under the new key wins over the one carried from the old.
    assert relabelled.carry_marks({**marks, "4": {"outcome": "answered"}})["4"]["outcome"] == (
        "answered"
    )
    # 5 relabelled 3 clashes: key 3-2; "3"'s marks stay with question 3.
    clash = correct(parsed(), [{"op": "relabel", "key": "5", "label": "3"}]).carry_marks(marks)
    assert clash["3"] == {"note": "costly"}
    assert clash["3-2"] == {"outcome": "refused", "note": "asked twice"}


def test_marks_follow_a_split_and_a_merge() -> None:
    marks = {"1": {"outcome": "answered", "hours": 2.0}, "3": {"note": "a"}, "5": {"note": "b"}}
    split = correct(parsed(), [{"op": "split", "key": "1", "at": "2. how many were"}])
    carried = split.carry_marks(marks)
    assert carried["1"] == {"outcome": "answered", "hours": 2.0}  # the first half keeps them
    assert "2" not in carried  # the new question starts untriaged
    merged = correct(parsed(), [{"op": "merge", "key": "3"}]).carry_marks(
        {**marks, "5": {"note": "b", "outcome": "refused"}}
    )
    assert merged["3"] == {"note": "a / b", "outcome": "refused"}
    assert "5" not in merged


def test_no_ops_change_nothing() -> None:
    result = parsed()
    assert apply_corrections(result, []) == result
    assert correct(result, []).carry_marks({"1": {"note": "x"}}) == {"1": {"note": "x"}}


def test_keys_stay_unique_through_many_ops() -> None:
    ops = [
        {"op": "split", "key": "1", "at": "2. how many were"},
        {"op": "relabel", "key": "5", "label": "2"},
        {"op": "split", "key": "3", "at": "the scheme"},
        {"op": "split", "key": "3-2", "at": "cost"},
        {"op": "merge", "key": "1"},
        {"op": "relabel", "key": "3-2", "label": "1"},
    ]
    outcome = correct(parsed(), ops)
    found = [q.key for q in outcome.questions]
    assert len(found) == len(set(found))
    assert not outcome.skipped
    for answer in outcome.answers:
        assert set(answer.questions) <= set(found)


def test_describe_and_labels() -> None:
    assert describe({"op": "split", "key": "1", "at": "2. How"}) == "split 1 before '2. How'"
    assert describe({"op": "move", "block": "x", "to": "unassigned"}) == (
        "move 'x' to the unassigned text"
    )
    assert normalise_label("Question 4:") == "4"
    assert normalise_label("(B)") == "b"
    assert normalise_label("  ") is None


def test_check_reasons_read_as_sentences() -> None:
    result = ParseResult(
        questions=[
            Question(key="1", label="1", text="a?", answer="x"),
            Question(key="2", label="2", text="b?", answer="y"),
            Question(key="4", label="4", text="c?"),
            Question(key="4a", label="4a", parent="4", text="d?"),
            Question(key="4c", label="4c", parent="4", text="e?"),
        ],
        answers=[
            Answer(questions=["1"], text="x", matched_by="label"),
            Answer(questions=["2"], text="y", matched_by="order"),
        ],
        unassigned_response=["Yours sincerely"],
    )
    found = reasons(result)
    assert [r.code for r in found] == ["u", "o", "s"]
    text = sentence(found)
    assert text.startswith("check the split: 2 questions have no answer (4a, 4c)")
    assert "1 answer was matched to questions by order alone" in text
    assert "2 to 4" in text and "4a to 4c" in text
    assert sentence([]) == ""
    assert codes(ParseResult()) == ""


def test_a_malformed_op_is_skipped_not_raised() -> None:
    ops = [
        "split",  # not a dict
        {"op": "split", "key": "1", "at": 5},  # wrong type in a store edited by hand
        {"op": "move", "block": None, "to": None},
        {"op": "relabel", "key": "5", "label": "4"},
    ]
    outcome = correct(parsed(), ops)  # type: ignore[arg-type]
    assert [s.position for s in outcome.skipped] == [0, 1, 2]
    assert [q.key for q in outcome.questions] == ["1", "3", "4"]


def test_a_lead_in_over_answered_sub_questions_is_not_unanswered() -> None:
    result = parse_pair(
        "<p>1. How many staff?</p><p>2. In relation to the project:</p>"
        "<p>(a) what did it cost?</p><p>(b) who ran it?</p>",
        "<p>1. Twelve.</p><p>2(a) £4,000.</p><p>2(b) The council.</p><p>Regards</p>",
    )
    assert [q.key for q in result.questions] == ["1", "2", "2a", "2b"]
    assert "u" not in codes(result)
