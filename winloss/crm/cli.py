"""What the CRM commands share: the workspace's connection, or a one-line error."""

from django.core.management.base import CommandError

from winloss.accounts.cli import workspace_named


def connection_named(slug: str):
    """The workspace ``slug`` and its CRM connection; exit 2 when it has none."""
    from .models import CrmConnection

    workspace = workspace_named(slug)
    connection = CrmConnection.objects.filter(workspace=workspace).first()
    if connection is None:
        raise CommandError(
            f"{workspace.slug} has no CRM connection: an admin adds one under CRM sync.",
            returncode=2,
        )
    return workspace, connection
