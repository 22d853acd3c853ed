"""Where a form goes back to once saved: the page it was opened from, when that is ours."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def next_or(request: HttpRequest, fallback: str) -> str:
    """The ``next`` the form carried, if it is a path on this site; else ``fallback``. Only a
    path (``/…``): anything else ("abc", another host) would be read as a view name or sent
    elsewhere."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, {request.get_host()}, request.is_secure()
    ):
        return wanted
    return fallback
