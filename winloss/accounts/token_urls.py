from django.urls import path

from . import token_views

app_name = "tokens"

# Personal API tokens for this workspace.
urlpatterns = [
    path("", token_views.token_list, name="list"),
    path("<int:token_id>/revoke/", token_views.token_revoke, name="revoke"),
]
