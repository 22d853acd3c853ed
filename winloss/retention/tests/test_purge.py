import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from winloss.activity.models import LogEntry
from winloss.coding.models import CodedExcerpt, Direction
from winloss.escalations.models import Escalation
from winloss.interviews.models import InterviewStatus, Note, NoteRevision, TranscriptTurn
from winloss.lib.concurrency import StaleEdit
from winloss.outreach.models import Attribution
from winloss.retention import services
from winloss.retention.models import PurgeRun, RetentionPolicy
from winloss.retention.queries import preview
from winloss.testing import make_interview, make_program

from .builders import SAID, TURN, old_interview


@pytest.fixture
def program(workspace):
    return make_program(workspace)


@pytest.fixture
def policy(workspace):
    return RetentionPolicy.objects.create(workspace=workspace, days=90)


def _excerpt_texts(interview) -> list[tuple[str, str]]:
    return sorted(CodedExcerpt.objects.filter(interview=interview).values_list("direction", "text"))


def test_purge_empties_notes_and_transcripts_older_than_the_policy_and_keeps_newer(program, policy):
    old = old_interview(program, days_ago=91)
    recent = old_interview(program, days_ago=89)

    run = services.purge(program.workspace)

    assert set(Note.objects.filter(interview=old).values_list("text", flat=True)) == {""}
    assert not NoteRevision.objects.filter(note__interview=old).exists()
    turns = TranscriptTurn.objects.filter(transcript__interview=old)
    assert set(turns.values_list("text", flat=True)) == {""}
    old.refresh_from_db()
    assert old.purged_at is not None and old.transcripts.get().purged_at is not None
    assert Note.objects.get(interview=recent).text == SAID
    assert NoteRevision.objects.filter(note__interview=recent).count() == 1
    assert TranscriptTurn.objects.get(transcript__interview=recent).text == TURN
    recent.refresh_from_db()
    assert recent.purged_at is None
    assert (run.interviews, run.notes, run.revisions, run.transcripts, run.turns, run.excerpts) == (
        1, 1, 1, 1, 1, 2,
    )  # fmt: skip
    cutoff = timezone.localdate() - dt.timedelta(days=90)
    assert (run.days, run.actor, run.cutoff) == (90, "schedule", cutoff)


def test_in_progress_interviews_are_not_purged(program, policy):
    interview = make_interview(program, ["Still talking"])
    interview.status = InterviewStatus.IN_PROGRESS
    interview.completed_at = None
    interview.save()

    assert services.purge(program.workspace).interviews == 0
    assert Note.objects.get(interview=interview).text == "Still talking"


def test_anonymous_respondents_excerpts_keep_their_code_but_lose_who_they_are(program, policy):
    interview = old_interview(program, days_ago=200, attribution=Attribution.ANONYMOUS)
    themes = set(interview.excerpts.values_list("theme", flat=True))

    services.purge(program.workspace)

    assert _excerpt_texts(interview) == [
        (
            Direction.LOSS_DRIVER,
            "[name] here: [company]'s board chose you; call me on [phone] or mail [email].",
        ),
        (Direction.WIN_DRIVER, "Honestly, [company] picked you on price."),
    ]
    kept = CodedExcerpt.objects.filter(interview=interview)
    assert set(kept.values_list("theme", flat=True)) == themes


def test_not_quotable_respondents_words_are_all_gone(program, policy):
    interview = old_interview(program, days_ago=200, attribution=Attribution.NOT_QUOTABLE)

    services.purge(program.workspace)

    assert _excerpt_texts(interview) == [
        (Direction.LOSS_DRIVER, services.NOT_QUOTABLE),
        (Direction.WIN_DRIVER, services.NOT_QUOTABLE),
    ]


def test_a_named_respondent_is_anonymised_too_since_only_anonymised_findings_are_kept(
    program, policy
):
    interview = old_interview(program, days_ago=200, attribution=Attribution.NAMED)

    services.purge(program.workspace)

    texts = " ".join(text for _, text in _excerpt_texts(interview))
    assert "Dana" not in texts and "Northwind" not in texts


def test_escalation_passages_are_anonymised(program, policy, people):
    interview = old_interview(program, days_ago=200)
    escalation = Escalation.objects.create(
        workspace=program.workspace, program=program, interview=interview, category="churn_risk",
        passage="Dana Whitfield will leave", owner=people["owner"],
        expected_response_by=timezone.localdate(),
    )  # fmt: skip

    assert services.purge(program.workspace).escalations == 1
    escalation.refresh_from_db()
    assert escalation.passage == "[name] will leave"


def test_a_second_run_purges_nothing_more_and_is_logged_too(program, policy, people):
    old_interview(program, days_ago=100)
    services.purge(program.workspace, user=people["admin"])

    again = services.purge(program.workspace)

    assert again.counts() == dict.fromkeys(again.counts(), 0)
    assert PurgeRun.objects.count() == 2
    entries = LogEntry.objects.filter(action="retention.purged").order_by("pk")
    assert [e.actor for e in entries] == ["admin@acme.example", "schedule"]
    assert entries[0].data["interviews"] == 1 and entries[1].data["interviews"] == 0


def test_a_transcript_added_after_the_purge_goes_at_the_next_one(program, policy):
    interview = old_interview(program, days_ago=100)
    services.purge(program.workspace)
    late = interview.transcripts.create(format="srt", filename="late.srt")
    late.turns.create(position=1, speaker="Dana", text="One more thing")

    run = services.purge(program.workspace)

    assert (run.interviews, run.transcripts, run.turns, run.notes) == (1, 1, 1, 0)
    assert late.turns.get().text == ""


def test_the_preview_counts_what_the_purge_then_does(program, policy, people):
    for days_ago in (95, 120, 300, 10):
        old_interview(program, days_ago=days_ago)
    Escalation.objects.create(
        workspace=program.workspace, program=program, interview=program.interviews.last(),
        category="churn_risk", passage="Dana", owner=people["owner"],
        expected_response_by=timezone.localdate(),
    )  # fmt: skip

    found = preview(program.workspace)
    run = services.purge(program.workspace)

    assert found.counts == run.counts()
    assert found.counts["interviews"] == 3 and len(found.interviews) == 3
    assert preview(program.workspace).empty


def test_a_policy_that_keeps_words_purges_nothing(program, workspace):
    RetentionPolicy.objects.create(workspace=workspace, days=None)
    old_interview(program, days_ago=5000)

    assert preview(workspace).empty
    with pytest.raises(services.RetentionError):
        services.purge(workspace)


def test_without_a_saved_policy_the_default_days_apply(program, workspace):
    old_interview(program, days_ago=366)
    old_interview(program, days_ago=300)

    assert services.purge(workspace).interviews == 1


def test_the_purge_takes_the_same_queries_for_three_interviews_or_thirty(program, policy):
    def queries_to_purge(count: int) -> int:
        for _ in range(count):
            old_interview(program, days_ago=100)
        with CaptureQueriesContext(connection) as captured:
            services.purge(program.workspace)
        return len(captured)

    assert queries_to_purge(3) == queries_to_purge(30)


def test_saving_the_policy_is_logged_and_a_stale_edit_is_refused(workspace, people):
    admin = people["admin"]
    policy = services.save_policy(workspace=workspace, days=30, user=admin, expected_version=1)

    assert (policy.days, policy.version) == (30, 2)
    entry = LogEntry.objects.get(action="retention.policy_changed")
    assert entry.changes == {"days": [365, 30]}
    with pytest.raises(StaleEdit):
        services.save_policy(workspace=workspace, days=60, user=admin, expected_version=1)


def test_keeping_words_without_limit_needs_consent_texts_that_promise_no_days(
    workspace, people, program
):
    from winloss.outreach import consent

    admin = people["admin"]
    with pytest.raises(services.RetentionError, match="consent texts"):
        services.save_policy(workspace=workspace, days=None, user=admin, expected_version=1)
    for kind in ("statement", "recording", "survey"):
        consent.save_text(workspace=workspace, kind=kind, body="Kept by Acme.", user=admin)

    policy = services.save_policy(workspace=workspace, days=None, user=admin, expected_version=1)
    assert policy.days is None
