from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("<int:program>/analyse/", views.step_page, name="analyse"),
]
