from django.urls import path

from . import views

app_name = "retention"

# Under /w/<ws>/retention/: a workspace setting, like its members.
urlpatterns = [
    path("", views.retention, name="policy"),
    path("purge/", views.purge_now, name="purge"),
    path("forget/<int:entry_id>/", views.forget, name="forget"),
    path(
        "forget/survey/<int:response_id>/",
        views.forget_survey_respondent,
        name="forget_survey_respondent",
    ),
]
