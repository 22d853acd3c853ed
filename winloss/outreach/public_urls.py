from django.urls import path

from . import public_views

app_name = "respondent"

urlpatterns = [path("<str:token>/", public_views.respondent_link, name="link")]
