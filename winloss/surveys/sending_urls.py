"""The staff's survey-sending pages, under /w/<workspace>/programs/<id>/survey/."""

from django.urls import path

from .sending import views

app_name = "survey_sending"

urlpatterns = [
    path("<int:program_id>/survey/send/", views.send_page, name="send"),
    path("<int:program_id>/survey/send/go/", views.send_batch, name="send_batch"),
    path("<int:program_id>/survey/languages/", views.set_languages, name="languages"),
    path("<int:program_id>/survey/responses/", views.responses, name="responses"),
    path(
        "<int:program_id>/survey/responses/<int:response_id>/",
        views.response_detail,
        name="response",
    ),
]
