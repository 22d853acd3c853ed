from django.urls import path

from . import health_views, sample_views, views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_new, name="new"),
    path("<int:program_id>/", views.overview, name="overview"),
    path("<int:program_id>/scope/", views.scope, name="scope"),
    path("<int:program_id>/scope/edit/", views.scope_edit, name="scope_edit"),
    path("<int:program_id>/log/", views.program_log, name="log"),
    path("<int:program_id>/next-wave/", views.next_wave, name="next_wave"),
    path("<int:program_id>/sample/", sample_views.sample, name="sample"),
    path("<int:program_id>/sample/draw/", sample_views.sample_draw, name="sample_draw"),
    path("<int:program_id>/sample/discard/", sample_views.sample_discard, name="sample_discard"),
    path("<int:program_id>/sample/add/", sample_views.sample_add, name="sample_add"),
    path("<int:program_id>/sample/assign/", sample_views.sample_assign, name="sample_assign"),
    path("<int:program_id>/sample/export/", sample_views.sample_export, name="sample_export"),
    path(
        "<int:program_id>/sample/approve/<int:account_id>/",
        sample_views.sample_approve,
        name="sample_approve",
    ),
    path(
        "<int:program_id>/sample/<int:entry_id>/remove/",
        sample_views.entry_remove,
        name="sample_remove",
    ),
    path(
        "<int:program_id>/sample/<int:entry_id>/refusal/",
        sample_views.entry_refusal,
        name="sample_refusal",
    ),
    path(
        "<int:program_id>/sample/<int:entry_id>/accept/",
        sample_views.entry_accept,
        name="sample_accept",
    ),
    path(
        "<int:program_id>/sample/<int:entry_id>/skip/", sample_views.entry_skip, name="sample_skip"
    ),
    path(
        "<int:program_id>/sample/<int:entry_id>/interviewer/",
        sample_views.entry_interviewer,
        name="sample_interviewer",
    ),
    path("<int:program_id>/health/", health_views.health, name="health"),
    path(
        "<int:program_id>/health/<slug:dimension>.svg",
        health_views.health_chart,
        name="health_chart",
    ),
]
