from django.urls import path

from . import views

app_name = "escalations"

urlpatterns = [
    path("<int:program>/escalations/", views.step_page, name="list"),
]
