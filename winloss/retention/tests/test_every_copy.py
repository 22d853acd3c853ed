"""The purge reaches every copy of what respondents and interviewers wrote: a unique marker in
each such field, a purge, and the marker is nowhere in the database or the data folder."""

import pytest

from winloss.retention import services
from winloss.retention.models import RetentionPolicy
from winloss.testing import make_program

from .markers import CONTACT_FIELDS, NOT_WORDS, PLANTED, found, plant, text_fields


@pytest.fixture
def folders(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "media"


@pytest.fixture
def program(workspace, folders):
    RetentionPolicy.objects.create(workspace=workspace, days=90)
    return make_program(workspace)


def test_every_free_text_field_is_planted():
    for model, planted in PLANTED.items():
        fields = {f.name for f in text_fields(model) if not f.choices}
        missing = fields - set(planted) - NOT_WORDS.get(model, set())
        assert not missing, f"{model.__name__}: plant a marker in {sorted(missing)}"


def test_a_purge_leaves_no_marker_anywhere_but_the_crm_record_of_the_person(program):
    planted = plant(program, days_ago=91)
    assert [label for label, value in planted.items() if not found(value)] == []  # all planted

    services.purge(program.workspace)

    left = {label: found(value) for label, value in planted.items()}
    crm = {f"Contact.{name}" for name in CONTACT_FIELDS}
    assert {label: places for label, places in left.items() if places and label not in crm} == {}
    # The person's own record stays until they ask (``forget_respondent``) or the CRM drops it.
    assert left["Contact.phone"] == {"deals.Contact.phone"}


def test_nothing_newer_than_the_policy_is_touched(program):
    planted = plant(program, days_ago=30)

    services.purge(program.workspace)

    assert found(planted["Note.text"]) == {"interviews.Note.text"}
    assert found(planted["declined"])


def test_the_teams_memos_about_the_program_stay_and_the_preview_counts_the_others(program):
    from winloss.coding.models import Memo
    from winloss.retention.queries import preview

    plant(program, days_ago=91)
    kept = Memo.objects.create(
        workspace=program.workspace, program=program, about="program",
        title="Sampling", text="qzxteamsownreasoning",
    )  # fmt: skip
    assert preview(program.workspace).counts["memos"] == 2  # the interview's and its excerpt's

    run = services.purge(program.workspace)

    assert run.memos == 2
    assert found("qzxteamsownreasoning") == {"coding.Memo.text"}
    assert Memo.objects.get(pk=kept.pk).title == "Sampling"
    assert set(Memo.objects.exclude(pk=kept.pk).values_list("title", "text")) == {
        ("[words removed]", "")
    }
