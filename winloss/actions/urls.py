from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("actions/mine/", views.mine, name="mine"),
    path("<int:program_id>/actions/", views.step_page, name="list"),
    path("<int:program_id>/actions/new/", views.create, name="create"),
    path("<int:program_id>/actions/<int:action_id>/status/", views.status, name="status"),
    path("<int:program_id>/actions/follow-ups/<int:entry_id>/", views.follow_up, name="follow_up"),
]
