import uuid
from datetime import UTC, datetime, timedelta

import pytest

from vecinos.messaging import signups

START = datetime(2026, 12, 4, 18, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_signed_token_names_its_row_only_for_its_purpose():
    pk = uuid.uuid4()
    token = signups.signed_token("coalition/signature", pk)
    assert signups.token_pk("coalition/signature", token) == pk
    with pytest.raises(signups.InvalidLink):
        signups.token_pk("workshops/ticket", token)
    for forged in (token[:-3] + "AAA", "", "...", "x" * 500, token.replace(".", "")):
        with pytest.raises(signups.InvalidLink):
            signups.token_pk("coalition/signature", forged)


@pytest.mark.django_db
def test_short_code_matches_typed_with_spaces_and_lowercase():
    pk = uuid.uuid4()
    code = signups.short_code("p", pk, 6)
    assert len(code) == 6
    assert signups.code_matches("p", pk, f" {code[:3].lower()}-{code[3:]} ", 6)
    assert not signups.code_matches("p", uuid.uuid4(), code, 6)


def test_due_reminder_sends_the_nearest_and_marks_the_missed_ones_passed():
    assert signups.due_reminder(START, (24, 2), set(), START - timedelta(hours=30)) is None
    due = signups.due_reminder(START, (24, 2), set(), START - timedelta(hours=1))
    assert (due.hours, due.record(set())) == (2, "24,2")
    assert signups.due_reminder(START, (24, 2), {24, 2}, START - timedelta(hours=1)) is None
    assert signups.due_reminder(START, (24, 2), set(), START + timedelta(minutes=1)) is None


def test_answer_of_reads_yes_no_maybe_in_both_languages():
    assert signups.answer_of(("si",)) == signups.YES
    assert signups.answer_of(("2",)) == signups.NO
    assert signups.answer_of(("no", "puedo")) == signups.NO
    assert signups.answer_of(("quizas",)) == signups.MAYBE
    assert signups.answer_of(("unirme",)) is None
    assert signups.answer_of(()) is None
