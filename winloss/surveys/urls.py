from django.urls import path

from .builder import edit_views as builder_edit
from .builder import views as builder

app_name = "surveys"

QUESTION = "<int:program_id>/survey/questions/<int:survey_question_id>/"
FACTOR = "<int:program_id>/survey/factors/<int:factor_id>/"

urlpatterns = [
    # Building the survey
    path("<int:program_id>/survey/", builder.survey_page, name="survey"),
    path("<int:program_id>/survey/preview/", builder.preview_page, name="preview"),
    path("<int:program_id>/survey/lint/", builder.lint, name="lint"),
    path("<int:program_id>/survey/start/", builder_edit.start, name="start"),
    path("<int:program_id>/survey/revise/", builder_edit.revise, name="revise"),
    path("<int:program_id>/survey/approve/", builder_edit.approve, name="approve"),
    path("<int:program_id>/survey/questions/add/", builder_edit.question_add, name="question_add"),
    path(QUESTION, builder_edit.question_edit, name="question_edit"),
    path(QUESTION + "move/", builder_edit.question_move, name="question_move"),
    path(QUESTION + "delete/", builder_edit.question_delete, name="question_delete"),
    path(QUESTION + "waive/", builder_edit.question_waive, name="question_waive"),
    path("<int:program_id>/survey/factors/add/", builder_edit.factor_add, name="factor_add"),
    path(FACTOR + "remove/", builder_edit.factor_remove, name="factor_remove"),
    path(FACTOR + "move/", builder_edit.factor_move, name="factor_move"),
]
