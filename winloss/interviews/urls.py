from django.urls import path

from . import views
from .review import views as review_views
from .transcripts import views as transcript_views

app_name = "interviews"

urlpatterns = [
    path("<int:program_id>/interviews/", views.interview_list, name="list"),
    path("<int:program_id>/interviews/start/<int:entry_id>/", views.start, name="start"),
    path("<int:program_id>/interviews/<int:interview_id>/", views.screen, name="screen"),
    path(
        "<int:program_id>/interviews/<int:interview_id>/notes/", views.save_note, name="save_note"
    ),
    path(
        "<int:program_id>/interviews/<int:interview_id>/role/",
        views.respondent_role,
        name="respondent_role",
    ),
    path(
        "<int:program_id>/interviews/<int:interview_id>/complete/", views.complete, name="complete"
    ),
    path(
        "<int:program_id>/interviews/<int:interview_id>/absent/",
        review_views.confirm_absent,
        name="confirm_absent",
    ),
    path("<int:program_id>/validate/", review_views.validate, name="validate"),
    path("<int:program_id>/validate/<int:interview_id>/", review_views.review, name="review"),
    path(
        "<int:program_id>/validate/<int:interview_id>/sign-off/",
        review_views.sign_off,
        name="sign_off",
    ),
    path(
        "<int:program_id>/validate/<int:interview_id>/return/",
        review_views.send_back,
        name="send_back",
    ),
    path("<int:program_id>/debriefs/", review_views.debriefs, name="debriefs"),
    path("<int:program_id>/debriefs/<int:entry_id>/", review_views.debrief, name="debrief"),
]

# Transcripts of the call (SOP step 5).
_transcript = "<int:program_id>/interviews/<int:interview_id>/transcripts/"
urlpatterns += [
    path(_transcript, transcript_views.transcripts, name="transcripts"),
    path(_transcript + "upload/", transcript_views.upload, name="transcript_upload"),
    path(_transcript + "<int:transcript_id>/", transcript_views.transcript, name="transcript"),
    path(
        _transcript + "<int:transcript_id>/speakers/",
        transcript_views.speakers,
        name="transcript_speakers",
    ),
    path(
        _transcript + "<int:transcript_id>/quote/", transcript_views.quote, name="transcript_quote"
    ),
]
