"""What the ``winloss`` commands share about workspaces."""

from django.core.management.base import CommandError

from .models import Workspace


def workspace_named(slug: str, *, returncode: int = 1) -> Workspace:
    """The workspace a command names by its slug, or a one-line error."""
    workspace = Workspace.objects.filter(slug=slug).first()
    if workspace is None:
        raise CommandError(f"There is no workspace {slug!r}.", returncode=returncode)
    return workspace
