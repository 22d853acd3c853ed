from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("<int:program_id>/analyse/", views.step_page, name="analyse"),
    path("<int:program_id>/analyse/excerpts/", views.excerpts, name="excerpts"),
    path("<int:program_id>/analyse/drivers.svg", views.drivers_chart, name="drivers_chart"),
    path("<int:program_id>/analyse/cuts/<slug:cut>.svg", views.cuts_chart, name="cuts_chart"),
    path("<int:program_id>/analyse/trends.svg", views.trends_chart, name="trends_chart"),
    path(
        "<int:program_id>/analyse/expected-criteria/",
        views.expected_criteria,
        name="expected_criteria",
    ),
    path(
        "<int:program_id>/analyse/competitors.svg",
        views.competitor_chart,
        name="competitor_chart",
    ),
]
