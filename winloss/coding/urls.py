from django.urls import path

from . import views

app_name = "coding"

urlpatterns = [
    path("<int:program>/code/", views.step_page, name="code"),
]
