from django.urls import path

from . import views

app_name = "unsubscribe"

urlpatterns = [path("<str:token>/", views.unsubscribe, name="unsubscribe")]
