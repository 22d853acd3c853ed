from django.urls import path

from . import views

app_name = "honoraria"

# Under /w/<ws>/programs/: the thank-you is part of reaching respondents (SOP step 4).
urlpatterns = [
    path("<int:program_id>/honoraria/", views.program_honoraria, name="program"),
    path("<int:program_id>/honoraria/offer/", views.offer, name="offer"),
    path("<int:program_id>/honoraria/record/", views.record, name="record"),
    path("<int:program_id>/honoraria/status/", views.status, name="status"),
    path("<int:program_id>/honoraria/export/", views.export, name="export"),
]
