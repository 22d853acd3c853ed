from django.urls import path

from . import views

app_name = "saml"

# Under /saml/: winloss as a SAML service provider (404 unless SAML is configured).
urlpatterns = [
    path("metadata/", views.metadata, name="metadata"),
    path("login/", views.login, name="login"),
    path("acs/", views.acs, name="acs"),
]
