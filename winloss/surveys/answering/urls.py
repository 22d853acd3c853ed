from django.urls import path

from . import views

app_name = "survey_answer"

urlpatterns = [
    path("<str:token>/", views.answer, name="answer"),
    path("<str:token>/answer/", views.answer_field, name="answer_field"),
]
