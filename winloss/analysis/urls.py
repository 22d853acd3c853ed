from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("<int:program>/analyse/", views.step_page, name="analyse"),
    path("<int:program>/analyse/excerpts/", views.excerpts, name="excerpts"),
    path("<int:program>/analyse/drivers.svg", views.drivers_chart, name="drivers_chart"),
    path("<int:program>/analyse/cuts/<slug:cut>.svg", views.cuts_chart, name="cuts_chart"),
    path("<int:program>/analyse/trends.svg", views.trends_chart, name="trends_chart"),
    path(
        "<int:program>/analyse/expected-criteria/",
        views.expected_criteria,
        name="expected_criteria",
    ),
    path(
        "<int:program>/analyse/competitors.svg",
        views.competitor_chart,
        name="competitor_chart",
    ),
]
