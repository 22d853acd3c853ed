from django.urls import path  # noqa: F401

app_name = "tokens"

# Personal API tokens for this workspace.
urlpatterns: list = []
