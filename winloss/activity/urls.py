from django.urls import path

from . import views

app_name = "activity"

urlpatterns = [
    path("", views.workspace_activity, name="workspace"),
    path("<slug:kind>/<int:pk>/", views.object_history, name="object"),
]
