from django.urls import path

from . import text_views, views

app_name = "outreach"

urlpatterns = [
    path("<int:program>/schedule/", views.step_page, name="schedule"),
    path("<int:program>/schedule/invite/", views.send_batch, name="send_batch"),
    path("<int:program>/schedule/calendar/", views.calendar, name="calendar"),
    path("<int:program>/schedule/availability/", views.availability, name="availability"),
    path(
        "<int:program>/schedule/availability/<int:window>/delete/",
        views.availability_delete,
        name="availability_delete",
    ),
    path("<int:program>/schedule/templates/", text_views.email_templates, name="templates"),
    path("<int:program>/schedule/templates/save/", text_views.template_save, name="template_save"),
    path(
        "<int:program>/schedule/templates/reset/",
        text_views.template_reset,
        name="template_reset",
    ),
    path("<int:program>/schedule/consent/", text_views.consent_texts, name="consent"),
    path("<int:program>/schedule/consent/save/", text_views.consent_save, name="consent_save"),
    path("<int:program>/schedule/<int:entry>/", views.appointment_detail, name="appointment"),
    path("<int:program>/schedule/<int:entry>/attempt/", views.attempt, name="attempt"),
    path("<int:program>/schedule/<int:entry>/decline/", views.decline, name="decline"),
    path("<int:program>/schedule/<int:entry>/book/", views.book_by_hand, name="book_by_hand"),
    path("<int:program>/schedule/<int:entry>/no-show/", views.no_show, name="no_show"),
    path("<int:program>/schedule/<int:entry>/voices/", views.add_voice, name="add_voice"),
    path("<int:program>/schedule/<int:entry>/link/", views.reissue_link, name="reissue_link"),
]
