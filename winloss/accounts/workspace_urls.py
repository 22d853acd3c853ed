from django.urls import path

from . import member_views

# Workspace-level people pages, under /w/<ws>/ (included without a namespace).
urlpatterns = [
    path("members/", member_views.members, name="members"),
    path("members/invite/", member_views.invite, name="invite"),
    path("members/name/", member_views.workspace_rename, name="workspace_rename"),
    path("members/time-zone/", member_views.workspace_time_zone, name="workspace_time_zone"),
    path("members/<int:membership_id>/role/", member_views.member_role, name="member_role"),
    path("members/<int:membership_id>/remove/", member_views.member_remove, name="member_remove"),
    path(
        "invitations/<int:invitation_id>/revoke/",
        member_views.invitation_revoke,
        name="invitation_revoke",
    ),
]
