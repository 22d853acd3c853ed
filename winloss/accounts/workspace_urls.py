from django.urls import path  # noqa: F401

from . import views  # noqa: F401

# Workspace-level people pages (members, invitations, API tokens) live under /w/<ws>/.
urlpatterns: list = []
