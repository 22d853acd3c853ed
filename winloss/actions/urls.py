from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("<int:program>/actions/", views.step_page, name="list"),
]
