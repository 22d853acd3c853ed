from django.urls import path

from . import executive_views

app_name = "executive"

urlpatterns = [path("", executive_views.executive_page, name="page")]
