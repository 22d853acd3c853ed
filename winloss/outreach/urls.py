from django.urls import path

from . import availability_views, text_views, views

app_name = "outreach"

urlpatterns = [
    path("<int:program_id>/schedule/", views.step_page, name="schedule"),
    path("<int:program_id>/schedule/invite/", views.send_batch, name="send_batch"),
    path("<int:program_id>/schedule/calendar/", views.calendar, name="calendar"),
    path(
        "<int:program_id>/schedule/availability/",
        availability_views.availability,
        name="availability",
    ),
    path(
        "<int:program_id>/schedule/availability/<int:window_id>/delete/",
        availability_views.availability_delete,
        name="availability_delete",
    ),
    path(
        "<int:program_id>/schedule/availability/feed/",
        availability_views.feed_reset,
        name="feed_reset",
    ),
    path(
        "<int:program_id>/schedule/availability/busy/",
        availability_views.busy_save,
        name="busy_save",
    ),
    path(
        "<int:program_id>/schedule/availability/busy/refresh/",
        availability_views.busy_refresh,
        name="busy_refresh",
    ),
    path(
        "<int:program_id>/schedule/availability/busy/remove/",
        availability_views.busy_remove,
        name="busy_remove",
    ),
    path("<int:program_id>/schedule/templates/", text_views.email_templates, name="templates"),
    path(
        "<int:program_id>/schedule/templates/save/", text_views.template_save, name="template_save"
    ),
    path(
        "<int:program_id>/schedule/templates/reset/",
        text_views.template_reset,
        name="template_reset",
    ),
    path("<int:program_id>/schedule/consent/", text_views.consent_texts, name="consent"),
    path("<int:program_id>/schedule/consent/save/", text_views.consent_save, name="consent_save"),
    path("<int:program_id>/schedule/<int:entry_id>/", views.appointment_detail, name="appointment"),
    path("<int:program_id>/schedule/<int:entry_id>/attempt/", views.attempt, name="attempt"),
    path("<int:program_id>/schedule/<int:entry_id>/decline/", views.decline, name="decline"),
    path("<int:program_id>/schedule/<int:entry_id>/book/", views.book_by_hand, name="book_by_hand"),
    path("<int:program_id>/schedule/<int:entry_id>/no-show/", views.no_show, name="no_show"),
    path("<int:program_id>/schedule/<int:entry_id>/voices/", views.add_voice, name="add_voice"),
    path("<int:program_id>/schedule/<int:entry_id>/link/", views.reissue_link, name="reissue_link"),
]
