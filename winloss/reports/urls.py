from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<int:program>/report/", views.step_page, name="report"),
]
