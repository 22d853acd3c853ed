from django import forms

from .models import DealTrigger


class DealTriggerForm(forms.ModelForm):
    """One program's deal-closed trigger; the hours empty leave the invitation to the
    coordinator."""

    class Meta:
        model = DealTrigger
        fields = ["add_closed_deals", "invite_after_hours"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # One form per program on the page: the prefix keeps their fields apart.
        self.fields["invite_after_hours"].widget.attrs["min"] = 0


class WebhookForm(forms.Form):
    secret = forms.CharField(
        label="Webhook secret",
        strip=True,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="HubSpot: your app's client secret (it signs each webhook). Salesforce: a "
        "long random token you choose; it goes in the Outbound Message's endpoint address. "
        "Stored encrypted; never shown again. Leave empty to keep the saved one.",
    )
    organization_id = forms.CharField(
        label="Salesforce organization id",
        required=False,
        max_length=18,
        help_text="Salesforce only: your org's id (Setup, Company Information), such as "
        "00DD0000000FH8lMAG. A message from another org is refused.",
    )
