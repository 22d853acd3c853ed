from django.urls import path

from . import edit_views, views

app_name = "guides"

urlpatterns = [
    path("<int:program>/guide/", views.step_page, name="guide"),
    path("<int:program>/guide/preview/", views.preview_page, name="preview"),
    path("<int:program>/guide/lint/", views.lint, name="lint"),
    path("<int:program>/guide/start/", edit_views.start, name="start"),
    path("<int:program>/guide/revise/", edit_views.revise, name="revise"),
    path("<int:program>/guide/approve/", edit_views.approve, name="approve"),
    path("<int:program>/guide/questions/add/", edit_views.question_add, name="question_add"),
    path(
        "<int:program>/guide/questions/<int:question>/",
        edit_views.question_edit,
        name="question_edit",
    ),
    path(
        "<int:program>/guide/questions/<int:question>/move/",
        edit_views.question_move,
        name="question_move",
    ),
    path(
        "<int:program>/guide/questions/<int:question>/delete/",
        edit_views.question_delete,
        name="question_delete",
    ),
    path(
        "<int:program>/guide/questions/<int:question>/waive/",
        edit_views.question_waive,
        name="question_waive",
    ),
]
