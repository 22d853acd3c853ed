"""The copies of people's words around an interview (or a survey answer) that a purge or a
deletion request empties:
where and why they spoke to us (appointments, reasons, messages, contact attempts, consent
answers), who spoke in a transcript, and the history entries that quoted any of it.

The rows stay — statuses, dates and counts are the program's record — only the words go.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Exists, F, Min, OuterRef, Q, QuerySet, Value, When

from winloss.activity.models import REMOVED, LogEntry
from winloss.activity.services import remove_words
from winloss.coding.models import CodedExcerpt, Settlement, SuggestionDecision
from winloss.interviews.models import Interview
from winloss.interviews.transcripts.models import Transcript, TranscriptTurn
from winloss.outreach.models import Appointment, ConsentRecord, ContactAttempt, OutreachMessage
from winloss.programs.models import SampleEntry
from winloss.surveys.models import SurveyComment, SurveyResponse


def with_words(appointments: QuerySet[Appointment]) -> QuerySet[Appointment]:
    """Those of ``appointments`` that still hold something a person said or was sent."""
    messages = OutreachMessage.objects.filter(appointment=OuterRef("pk")).exclude(body="")
    attempts = ContactAttempt.objects.filter(appointment=OuterRef("pk")).exclude(note="")
    consents = ConsentRecord.objects.filter(appointment=OuterRef("pk")).exclude(given_by="")
    return appointments.filter(
        ~Q(location="")
        | ~Q(concerns="")
        | ~Q(refusal_reason="")
        | Exists(messages)
        | Exists(attempts)
        | Exists(consents)
    )


def empty_appointments(ids: list[int]) -> int:
    """Where, concerns, reasons, every message sent and attempt noted, and the consent answers'
    words of the appointments ``ids``; what was allowed and when stays. How many had words."""
    touched = with_words(Appointment.objects.filter(pk__in=ids)).count()
    Appointment.objects.filter(pk__in=ids).update(location="", concerns="", refusal_reason="")
    OutreachMessage.objects.filter(appointment__in=ids).update(to="", subject="", body="", error="")
    ContactAttempt.objects.filter(appointment__in=ids).update(note="")
    # The consent keeps which text versions were shown and every answer; not who typed it.
    ConsentRecord.objects.filter(appointment__in=ids).update(shown_text="", given_by="")
    return touched


def empty_entries(entries: QuerySet[SampleEntry]) -> None:
    """Refusal reasons of ``entries``, and their copies in the reasons of the replacements
    proposed for them ("Replaces … (declined: <reason>)")."""
    refused = list(entries.exclude(refusal_reason="").values_list("pk", "refusal_reason"))
    said: dict[int, str] = dict(refused)
    replacements = list(SampleEntry.objects.filter(replaces__in=said).only("reason", "replaces"))
    for replacement in replacements:
        assert replacement.replaces_id is not None  # chosen by what it replaces
        replacement.reason = replacement.reason.replace(said[replacement.replaces_id], REMOVED)
    SampleEntry.objects.bulk_update(replacements, ["reason"], batch_size=500)
    SampleEntry.objects.filter(pk__in=said).update(refusal_reason="")


def pseudonymise_speakers(transcripts: Iterable[Transcript]) -> None:
    """Speakers named as in the file (often the respondent's own name) become "Speaker 1", "2"…
    in order of first appearance, their roles kept; the file name goes too."""
    transcripts = list(transcripts)
    firsts = (
        TranscriptTurn.objects.filter(transcript__in=transcripts)
        .exclude(speaker="")
        .values("transcript_id", "speaker")
        .annotate(first=Min("position"))
        .order_by("transcript_id", "first")
    )
    speakers: dict[int, list[str]] = defaultdict(list)
    for row in firsts:
        speakers[row["transcript_id"]].append(row["speaker"])
    renames = []
    for transcript in transcripts:
        names = {name: f"Speaker {n}" for n, name in enumerate(speakers[transcript.pk], 1)}
        renames += [
            When(transcript_id=transcript.pk, speaker=name, then=Value(alias))
            for name, alias in names.items()
        ]
        transcript.speaker_map = {
            names.get(name, name): role for name, role in transcript.speaker_map.items()
        }
        transcript.filename = f"transcript {transcript.pk}"
    if renames:  # one UPDATE for every speaker of every transcript
        TranscriptTurn.objects.filter(transcript__in=transcripts).exclude(speaker="").update(
            speaker=Case(*renames, default=F("speaker"))
        )
    Transcript.objects.bulk_update(transcripts, ["speaker_map", "filename"], batch_size=500)


def _about(model, ids) -> Q:
    kind = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return Q(content_type=kind, object_id__in=ids)


def purged_but_quoted(workspace) -> list[int]:
    """Interviews purged before the history stopped keeping words whose coded passages some
    entry still quotes: the next purge removes those words too."""
    quoting = LogEntry.objects.filter(workspace=workspace, data__has_key="text").exclude(
        data__text=REMOVED
    )
    kinds = ContentType.objects.get_for_models(CodedExcerpt, Interview, for_concrete_models=False)
    excerpts = quoting.filter(content_type=kinds[CodedExcerpt]).values("object_id")
    interviews = quoting.filter(content_type=kinds[Interview]).values("object_id")
    return list(
        Interview.objects.filter(workspace=workspace, purged_at__isnull=False)
        .filter(
            Q(pk__in=CodedExcerpt.objects.filter(pk__in=excerpts).values("interview_id"))
            | Q(pk__in=interviews)
        )
        .values_list("pk", flat=True)
    )


def remove_logged_words(
    interview_ids: list[int], entry_ids: list[int], *, workspace, user=None, actor: str = ""
) -> int:
    """The words earlier history entries quoted from these interviews and sample entries: codes
    and their passages, decline reasons, transcript file names. Entries are kept, each still
    saying who did what when. How many entries changed."""
    excerpts = CodedExcerpt.objects.filter(interview__in=interview_ids).values("pk")
    passages = (
        _about(Interview, interview_ids)
        | _about(Settlement, Settlement.objects.filter(interview__in=interview_ids).values("pk"))
        | _about(
            SuggestionDecision,
            SuggestionDecision.objects.filter(interview__in=interview_ids).values("pk"),
        )
    )
    # Program-level entries name the deal they were about, as it was then called.
    deals = list(SampleEntry.objects.filter(pk__in=entry_ids).values_list("deal__name", flat=True))
    coded = _about(CodedExcerpt, excerpts)  # their names quoted the words
    logged = LogEntry.objects.filter(workspace=workspace)
    return remove_words(
        logged.filter(coded | passages | Q(data__deal__in=deals)),
        on=workspace,
        named=coded,
        user=user,
        actor=actor,
    )


def empty_survey_responses(ids: list[int], now: dt.datetime) -> int:
    """Empty the words and addresses of the responses ``ids``; how many."""
    SurveyComment.objects.filter(response__in=ids).update(text=REMOVED)
    OutreachMessage.objects.filter(survey_response__in=ids).update(
        to="", subject="", body="", error=""
    )
    ConsentRecord.objects.filter(survey_response__in=ids).update(shown_text="", given_by="")
    return SurveyResponse.objects.filter(pk__in=ids, purged_at=None).update(
        respondent_email="", main_reason_other="", purged_at=now
    )
