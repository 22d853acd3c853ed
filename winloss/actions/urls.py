from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("actions/mine/", views.mine, name="mine"),
    path("<int:program>/actions/", views.step_page, name="list"),
    path("<int:program>/actions/new/", views.create, name="create"),
    path("<int:program>/actions/<int:action>/status/", views.status, name="status"),
    path("<int:program>/actions/follow-ups/<int:entry>/", views.follow_up, name="follow_up"),
]
