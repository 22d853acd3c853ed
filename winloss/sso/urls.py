from django.urls import path

from . import views

app_name = "sso"

# Under /oidc/: the company sign-in's start and the provider's return (404 when it is off).
urlpatterns = [
    path("authenticate/", views.start, name="start"),
    path("callback/", views.callback, name="callback"),
]
