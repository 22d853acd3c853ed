from django.urls import path

from . import views

app_name = "crm"

# Under /w/<ws>/crm/: a workspace setting, like its members and retention.
urlpatterns = [
    path("", views.sync_page, name="sync"),
    path("connection/", views.save_connection, name="connection"),
    path("sync/", views.sync_now, name="sync_now"),
]
