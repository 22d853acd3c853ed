from django.urls import path

from . import edit_views, views

app_name = "guides"

urlpatterns = [
    path("<int:program_id>/guide/", views.step_page, name="guide"),
    path("<int:program_id>/guide/preview/", views.preview_page, name="preview"),
    path("<int:program_id>/guide/lint/", views.lint, name="lint"),
    path("<int:program_id>/guide/start/", edit_views.start, name="start"),
    path("<int:program_id>/guide/revise/", edit_views.revise, name="revise"),
    path("<int:program_id>/guide/approve/", edit_views.approve, name="approve"),
    path("<int:program_id>/guide/questions/add/", edit_views.question_add, name="question_add"),
    path(
        "<int:program_id>/guide/questions/<int:question_id>/",
        edit_views.question_edit,
        name="question_edit",
    ),
    path(
        "<int:program_id>/guide/questions/<int:question_id>/move/",
        edit_views.question_move,
        name="question_move",
    ),
    path(
        "<int:program_id>/guide/questions/<int:question_id>/delete/",
        edit_views.question_delete,
        name="question_delete",
    ),
    path(
        "<int:program_id>/guide/questions/<int:question_id>/waive/",
        edit_views.question_waive,
        name="question_waive",
    ),
]
