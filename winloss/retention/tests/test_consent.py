import pytest

from winloss.outreach import consent
from winloss.outreach.emails import WordingError
from winloss.outreach.models import ConsentKind
from winloss.retention.models import RetentionPolicy
from winloss.testing import make_program


def test_consent_texts_say_the_policys_days(workspace):
    program = make_program(workspace)
    statement = consent.current_text(workspace, ConsentKind.STATEMENT)
    assert "deleted after 365 days" in consent.render(statement, program=program)

    RetentionPolicy.objects.create(workspace=workspace, days=180)

    assert "deleted after 180 days" in consent.render(statement, program=program)
    recording = consent.current_text(workspace, ConsentKind.RECORDING)
    assert "deleted after 180 days" in consent.render(recording, program=program)


def test_no_text_can_promise_days_while_the_policy_keeps_words(workspace, people):
    RetentionPolicy.objects.create(workspace=workspace, days=None)

    with pytest.raises(WordingError, match="no number of days"):
        consent.save_text(
            workspace=workspace,
            kind=ConsentKind.STATEMENT,
            body="Deleted after {retention_days} days.",
            user=people["admin"],
        )
