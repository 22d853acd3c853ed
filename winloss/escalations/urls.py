from django.urls import path

from . import views

app_name = "escalations"

urlpatterns = [
    path("<int:program>/escalations/", views.step_page, name="list"),
    path("<int:program>/escalations/new/", views.raise_new, name="raise"),
    path(
        "<int:program>/escalations/urgent/<int:interview>/",
        views.flag_from_interview,
        name="flag_urgent",
    ),
    path("<int:program>/escalations/chat/", views.webhook, name="webhook"),
    path("<int:program>/escalations/<int:escalation>/", views.detail, name="detail"),
    path(
        "<int:program>/escalations/<int:escalation>/acknowledge/",
        views.acknowledge,
        name="acknowledge",
    ),
    path("<int:program>/escalations/<int:escalation>/resolve/", views.resolve, name="resolve"),
]
