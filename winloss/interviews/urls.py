from django.urls import path

from . import views

app_name = "interviews"

urlpatterns = [
    path("<int:program>/interviews/", views.interview_list, name="list"),
    path("<int:program>/validate/", views.validate, name="validate"),
]
