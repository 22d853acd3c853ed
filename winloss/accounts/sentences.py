"""The history's sentence for each log code of workspaces, members and API tokens.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "workspace.created": "{actor} created the workspace {object}",
    "workspace.renamed": "{actor} renamed the workspace",
    "workspace.time_zone_changed": "{actor} changed the workspace's time zone",
    "membership.added": "{actor} added {member} as {role}",
    "membership.role_changed": "{actor} changed {member}'s role",
    "membership.removed": "{actor} removed {member} from the workspace",
    "invitation.sent": "{actor} invited {email} as {role}",
    "invitation.accepted": "{email} accepted the invitation and joined as {role}",
    "invitation.revoked": "{actor} revoked the invitation for {email}",
    "user.renamed": "{actor} changed their name",
    "user.time_zone_changed": "{actor} changed the time zone they read times in",
    "api_token.created": "{actor} created the API token {object}",
    "api_token.revoked": "{actor} revoked the API token {object}",
}
