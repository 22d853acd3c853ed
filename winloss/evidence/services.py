"""The evidence library's writes: keeping and deleting one's saved searches."""

from django.db import transaction

from winloss.accounts.models import User, Workspace
from winloss.activity.services import log_action
from winloss.lib.errors import DomainError

from .models import SavedSearch


class EvidenceError(DomainError):
    pass


@transaction.atomic
def save_search(*, workspace: Workspace, owner: User, name: str, query: str) -> SavedSearch:
    """Keep the search under ``name``; saving again under a name one already uses replaces
    that search's filters (the name is how its owner finds it)."""
    name = " ".join(name.split())
    if not name:
        raise EvidenceError("Give the search a name.")
    search, _ = SavedSearch.objects.update_or_create(
        workspace=workspace, owner=owner, name=name, defaults={"query": query.lstrip("?")}
    )
    log_action(search, "search.saved", user=owner, data={"query": search.query})
    return search


@transaction.atomic
def delete_search(search: SavedSearch, *, user: User) -> None:
    if search.owner_id != user.pk:
        raise EvidenceError("Only the person who saved a search may delete it.")
    log_action(search, "search.deleted", user=user)
    search.delete()
