from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("<int:job_id>/", views.job_detail, name="detail"),
    path("<int:job_id>/retry/", views.job_retry, name="retry"),
]
