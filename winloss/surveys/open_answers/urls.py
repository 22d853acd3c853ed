from django.urls import path

from . import views

app_name = "survey_answers"

urlpatterns = [
    path("<int:program_id>/code/survey-answers/", views.answers_page, name="page"),
    path("<int:program_id>/code/survey-answers/<int:comment_id>/code/", views.code, name="code"),
    path("<int:program_id>/code/survey-answers/remove/", views.uncode, name="uncode"),
]
