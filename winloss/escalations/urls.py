from django.urls import path

from . import views

app_name = "escalations"

urlpatterns = [
    path("<int:program_id>/escalations/", views.step_page, name="list"),
    path("<int:program_id>/escalations/new/", views.raise_new, name="raise"),
    path(
        "<int:program_id>/escalations/urgent/<int:interview_id>/",
        views.flag_from_interview,
        name="flag_urgent",
    ),
    path("<int:program_id>/escalations/chat/", views.webhook, name="webhook"),
    path("<int:program_id>/escalations/<int:escalation_id>/", views.detail, name="detail"),
    path(
        "<int:program_id>/escalations/<int:escalation_id>/acknowledge/",
        views.acknowledge,
        name="acknowledge",
    ),
    path(
        "<int:program_id>/escalations/<int:escalation_id>/resolve/", views.resolve, name="resolve"
    ),
]
