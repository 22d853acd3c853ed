from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("<int:program>/schedule/", views.step_page, name="schedule"),
]
