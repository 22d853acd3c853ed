from django.urls import path

from . import views

app_name = "guides"

urlpatterns = [
    path("<int:program>/guide/", views.step_page, name="guide"),
]
