from django.http import HttpRequest

from .roles import CAPABILITIES


def workspace_nav(request: HttpRequest) -> dict:
    """The current workspace and the switcher's list, for the layout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = list(user.memberships.select_related("workspace"))
    membership = getattr(request, "membership", None)
    return {
        "my_memberships": memberships,
        "current_workspace": getattr(request, "workspace", None),
        "current_membership": membership,
        "current_caps": {str(c) for c in CAPABILITIES[membership.role]} if membership else set(),
    }
