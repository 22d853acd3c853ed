"""Deploy checks for settings whose mistakes only show later, in someone's inbox."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.security, deploy=True)
def site_url_is_served(app_configs, **kwargs) -> list[Warning]:
    """Links in emails start with SITE_URL: one the site does not answer to reaches no one."""
    host = urlsplit(settings.SITE_URL).hostname or ""
    if validate_host(host, settings.ALLOWED_HOSTS):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL}, a host not in ALLOWED_HOSTS: the links in "
            "every email (respondents, invitations, notifications) would not work.",
            hint="Set SITE_URL to the address people reach winloss at, "
            "e.g. SITE_URL=https://winloss.example.com.",
            id="winloss.W001",
        )
    ]
