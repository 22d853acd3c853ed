from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("<int:program>/analyse/", views.step_page, name="analyse"),
    path("<int:program>/analyse/excerpts/", views.excerpts, name="excerpts"),
    path("<int:program>/analyse/drivers.svg", views.drivers_chart, name="drivers_chart"),
]
