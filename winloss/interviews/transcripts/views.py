"""SOP step 5 pages for transcripts: the interview's transcripts and the upload, one
transcript's turns, who is who, and quoting a passage into the notes."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from winloss.accounts.access import can, workspace_view
from winloss.accounts.roles import Cap
from winloss.lib.errors import errors_as_message
from winloss.lib.forms import is_id
from winloss.outreach.queries import latest_consent
from winloss.programs.steps import render_step

from ..models import Interview, InterviewStatus
from ..queries import get_interview
from ..screen import questions_for
from . import services as transcript_services
from .forms import QuoteForm, SpeakerRolesForm, TranscriptUploadForm
from .models import Transcript


def _transcript(request, program, interview, transcript) -> Transcript:
    interview = get_interview(request, program, interview)
    try:
        return Transcript.objects.select_related("interview").get(
            pk=transcript, interview=interview
        )
    except Transcript.DoesNotExist:
        raise Http404("No such transcript.") from None


def _to_list(interview: Interview):
    return redirect(
        "interviews:transcripts",
        ws=interview.workspace.slug,
        program_id=interview.program_id,
        interview_id=interview.pk,
    )


def _to_transcript(transcript: Transcript, anchor: str = ""):
    interview = transcript.interview
    response = redirect(
        "interviews:transcript",
        ws=interview.workspace.slug,
        program_id=interview.program_id,
        interview_id=interview.pk,
        transcript_id=transcript.pk,
    )
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@workspace_view(Cap.VIEW_EVIDENCE)
def transcripts(request, ws, program_id, interview_id):
    interview = get_interview(request, program_id, interview_id)
    return render_step(
        request,
        program_id,
        "interviews",
        "interviews/transcripts.html",
        {
            "interview": interview,
            "transcripts": interview.transcripts.select_related("uploaded_by"),
            "refusal": transcript_services.upload_refusal(latest_consent(interview)),
            "can_conduct": can(request, Cap.CONDUCT),
            "form": TranscriptUploadForm(),
        },
    )


@require_POST
@workspace_view(Cap.CONDUCT)
def upload(request, ws, program_id, interview_id):
    # One query for the interview and all the upload checks (see interview_to_attach_to).
    interview = transcript_services.interview_to_attach_to(
        request.workspace, program_id, interview_id
    )
    if interview is None:
        raise Http404("No such interview.")
    interview.workspace = interview.program.workspace = request.workspace
    form = TranscriptUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _to_list(interview)
    with errors_as_message(request):
        attached = transcript_services.attach_transcript(
            interview,
            upload=form.cleaned_data["file"],
            format=form.cleaned_data["format"] or "auto",
            user=request.user,
            role=request.membership.role,
        )
        messages.success(
            request,
            f"{attached.transcript.filename}: {attached.turns} turns kept. Check who is who below.",
        )
        return _to_transcript(attached.transcript)
    return _to_list(interview)


@workspace_view(Cap.VIEW_EVIDENCE)
def transcript(request, ws, program_id, interview_id, transcript_id):
    transcript = _transcript(request, program_id, interview_id, transcript_id)
    # The turn being quoted shows its form; one form, not one per turn, keeps long pages light.
    quoting = request.GET.get("quote", "")
    return _page(request, program_id, transcript, quoting=int(quoting) if is_id(quoting) else None)


def _page(request, program, transcript, *, quoting=None, passage=None, chosen=None, status=200):
    interview = transcript.interview
    conduct = can(request, Cap.CONDUCT)
    turns = [
        {"turn": turn, "role": transcript.role_of(turn.speaker)} for turn in transcript.turns.all()
    ]
    response = render_step(
        request,
        program,
        "interviews",
        "interviews/transcript.html",
        {
            "interview": interview,
            "transcript": transcript,
            "turns": turns,
            "speakers": SpeakerRolesForm(
                speakers=transcript.speakers(), speaker_map=transcript.speaker_map
            ),
            "can_conduct": conduct,
            "quotable": conduct and interview.status == InterviewStatus.IN_PROGRESS,
            "quoting": quoting,
            "passage": passage,
            "chosen": chosen,
            "questions": questions_for(interview),
        },
    )
    response.status_code = status
    return response


@require_POST
@workspace_view(Cap.CONDUCT)
def speakers(request, ws, program_id, interview_id, transcript_id):
    transcript = _transcript(request, program_id, interview_id, transcript_id)
    form = SpeakerRolesForm(
        request.POST, speakers=transcript.speakers(), speaker_map=transcript.speaker_map
    )
    if not form.is_valid():
        messages.error(request, "Choose interviewer, respondent or other for each speaker.")
        return _to_transcript(transcript)
    with errors_as_message(request):
        transcript_services.map_speakers(transcript, roles=form.roles(), user=request.user)
        messages.success(request, "Speakers saved.")
    return _to_transcript(transcript)


@require_POST
@workspace_view(Cap.CONDUCT)
def quote(request, ws, program_id, interview_id, transcript_id):
    transcript = _transcript(request, program_id, interview_id, transcript_id)
    form = QuoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the words to quote.")
        return _to_transcript(transcript)
    position = form.cleaned_data["turn"]
    with errors_as_message(request):
        saved = transcript_services.quote_passage(
            transcript,
            position=position,
            passage=form.cleaned_data["passage"],
            question_id=form.cleaned_data["question"],
            user=request.user,
        )
        where = f"“{saved.note.question.text}”" if saved.note.question else "the closing notes"
        messages.success(request, f"Added to the quotes under {where}.")
        return _to_transcript(transcript, anchor=f"turn-{position}")
    # The page again, with the words as the person left them, to fix.
    return _page(
        request,
        program_id,
        transcript,
        quoting=position,
        passage=form.cleaned_data["passage"],
        chosen=form.cleaned_data["question"],
        status=400,
    )
