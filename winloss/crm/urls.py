from django.urls import path

from . import trigger_views, views, writeback_views

app_name = "crm"

# Under /w/<ws>/crm/: a workspace setting, like its members and retention.
urlpatterns = [
    path("", views.sync_page, name="sync"),
    path("connection/", views.save_connection, name="connection"),
    path("sync/", views.sync_now, name="sync_now"),
    path("write-back/", writeback_views.save_settings, name="write_back_settings"),
    path(
        "write-back/<int:interview_id>/",
        writeback_views.preview,
        name="write_back_preview",
    ),
    path(
        "write-back/<int:interview_id>/write/",
        writeback_views.write_now,
        name="write_back_now",
    ),
    path("triggers/", trigger_views.triggers_page, name="triggers"),
    path("triggers/webhook/", trigger_views.save_webhook, name="webhook"),
    path("triggers/<int:program_id>/", trigger_views.save_trigger, name="trigger"),
]
