import ipaddress
import socket
from urllib.parse import urlsplit

from django import forms

from winloss.lib.remote import allows_private

from .models import DEFAULT_BASE_URLS, CrmConnection, CrmKind


class ConnectionForm(forms.ModelForm):
    """The connection; the secret field is always empty on the page (a saved one shows as
    "set") and left empty keeps what is saved."""

    base_url = forms.URLField(
        label="Address",
        required=False,  # HubSpot's is known; Salesforce's is checked in ``clean``
        assume_scheme="https",
        help_text=CrmConnection._meta.get_field("base_url").help_text,
    )
    secret = forms.CharField(
        label="Client secret or access token",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Salesforce: the connected app's consumer secret. HubSpot: the private app's "
        "access token. Stored encrypted; never shown again.",
    )

    class Meta:
        model = CrmConnection
        fields = ["kind", "base_url", "client_id", "secret", "competitor_property", "enabled"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.has_secret:
            self.fields[
                "secret"
            ].help_text = (
                "Set. Leave empty to keep the saved one, or enter a new one to replace it."
            )
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("kind", CrmKind.SALESFORCE)

    def clean_base_url(self) -> str:
        url = self.cleaned_data["base_url"].strip().rstrip("/")
        if not url or allows_private():
            return url
        # The server sends the secret to this address: https, and not inside our network (a
        # workspace admin must not be able to make the server probe it).
        if not url.startswith("https://"):
            raise forms.ValidationError("Give the https:// address.")
        host = urlsplit(url).hostname or ""
        try:
            addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, 443)}
        except OSError:
            raise forms.ValidationError(f"{host} cannot be found; check the address.") from None
        if not all(ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses):
            raise forms.ValidationError("That address points inside a private network.")
        return url

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        if kind == CrmKind.SALESFORCE and not data.get("client_id"):
            self.add_error("client_id", "Salesforce needs the connected app's consumer key.")
        if kind == CrmKind.HUBSPOT and not data.get("base_url"):
            data["base_url"] = DEFAULT_BASE_URLS[CrmKind.HUBSPOT]
        if kind == CrmKind.SALESFORCE and "base_url" in data and not data["base_url"]:
            self.add_error("base_url", "Give your org's My Domain address.")
        return data
