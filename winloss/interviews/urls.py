from django.urls import path

from . import views
from .review import views as review_views
from .transcripts import views as transcript_views

app_name = "interviews"

urlpatterns = [
    path("<int:program>/interviews/", views.interview_list, name="list"),
    path("<int:program>/interviews/start/<int:entry>/", views.start, name="start"),
    path("<int:program>/interviews/<int:interview>/", views.screen, name="screen"),
    path("<int:program>/interviews/<int:interview>/notes/", views.save_note, name="save_note"),
    path(
        "<int:program>/interviews/<int:interview>/role/",
        views.respondent_role,
        name="respondent_role",
    ),
    path("<int:program>/interviews/<int:interview>/complete/", views.complete, name="complete"),
    path(
        "<int:program>/interviews/<int:interview>/absent/",
        review_views.confirm_absent,
        name="confirm_absent",
    ),
    path("<int:program>/validate/", review_views.validate, name="validate"),
    path("<int:program>/validate/<int:interview>/", review_views.review, name="review"),
    path(
        "<int:program>/validate/<int:interview>/sign-off/",
        review_views.sign_off,
        name="sign_off",
    ),
    path(
        "<int:program>/validate/<int:interview>/return/",
        review_views.send_back,
        name="send_back",
    ),
    path("<int:program>/debriefs/", review_views.debriefs, name="debriefs"),
    path("<int:program>/debriefs/<int:entry>/", review_views.debrief, name="debrief"),
]

# Transcripts of the call (SOP step 5).
_transcript = "<int:program>/interviews/<int:interview>/transcripts/"
urlpatterns += [
    path(_transcript, transcript_views.transcripts, name="transcripts"),
    path(_transcript + "upload/", transcript_views.upload, name="transcript_upload"),
    path(_transcript + "<int:transcript>/", transcript_views.transcript, name="transcript"),
    path(
        _transcript + "<int:transcript>/speakers/",
        transcript_views.speakers,
        name="transcript_speakers",
    ),
    path(_transcript + "<int:transcript>/quote/", transcript_views.quote, name="transcript_quote"),
]
