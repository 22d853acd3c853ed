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


class WriteBackForm(forms.Form):
    """Whether validated interviews write back, to which fields, and each theme's picklist
    value; a theme left empty is not written."""

    write_back = forms.BooleanField(
        label="Write findings back when an interview is validated", required=False
    )
    status_field = forms.CharField(
        label="Status field",
        required=False,
        max_length=100,
        help_text=CrmConnection._meta.get_field("status_field").help_text,
    )
    reasons_field = forms.CharField(
        label="Main reasons field",
        required=False,
        max_length=100,
        help_text=CrmConnection._meta.get_field("reasons_field").help_text,
    )
    link_field = forms.CharField(
        label="Link field",
        required=False,
        max_length=100,
        help_text=CrmConnection._meta.get_field("link_field").help_text,
    )

    def __init__(self, data=None, *, themes, connection: CrmConnection) -> None:
        initial = {
            "write_back": connection.write_back,
            "status_field": connection.status_field,
            "reasons_field": connection.reasons_field,
            "link_field": connection.link_field,
            **{f"theme_{t.slug}": connection.theme_values.get(t.slug, "") for t in themes},
        }
        super().__init__(data, initial=initial)
        self.themes = themes
        for theme in themes:
            self.fields[f"theme_{theme.slug}"] = forms.CharField(
                label=f"{theme.name}: picklist value",
                required=False,
                max_length=255,
            )

    def clean(self) -> dict:
        data = super().clean() or {}
        names = [data.get(f, "").strip() for f in ("status_field", "reasons_field", "link_field")]
        if data.get("write_back") and not any(names):
            raise forms.ValidationError("Name at least one field to write to.")
        for value in (data.get(f"theme_{t.slug}", "") for t in self.themes):
            if ";" in value:
                # The CRMs separate a multi-select's values with ";": one value may not hold one.
                raise forms.ValidationError(f"A picklist value may not contain “;”: {value}")
        return data

    @property
    def theme_values(self) -> dict[str, str]:
        return {t.slug: self.cleaned_data.get(f"theme_{t.slug}", "") for t in self.themes}
