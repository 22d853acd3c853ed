from decimal import Decimal

from django import forms

from .models import CURRENCY, OfferKind, Status


class OfferForm(forms.Form):
    kind = forms.ChoiceField(label="Thank-you", choices=OfferKind.choices, widget=forms.RadioSelect)
    amount = forms.DecimalField(
        label="Amount per respondent",
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        required=False,
    )
    currency = forms.CharField(
        label="Currency", max_length=3, required=False, help_text="ISO 4217: USD, EUR, GBP …"
    )
    budget = forms.DecimalField(
        label="Budget",
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text="The most the program spends on honoraria, in the same currency.",
    )
    charities = forms.CharField(
        label="Charities offered",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line; leave empty to let respondents name any charity.",
    )

    def clean_currency(self) -> str:
        currency = self.cleaned_data["currency"].strip().upper()
        if currency:
            CURRENCY(currency)
        return currency

    def clean_charities(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["charities"].splitlines() if line.strip()
        ]


RECORD_CHOICES = [
    ("gift_card", "Gift card"),
    ("charity", "Donation to a charity"),
    ("declined", "Declined the honorarium"),
    ("not_allowed", "Not allowed by their employer"),
]


class RecordForm(forms.Form):
    respondent = forms.RegexField(regex=r"^[as]\d+$", widget=forms.HiddenInput)
    choice = forms.ChoiceField(label="Their choice", choices=RECORD_CHOICES)
    charity = forms.CharField(label="Charity", max_length=200, required=False)
    note = forms.CharField(label="Note", max_length=500, required=False)


class StatusForm(forms.Form):
    honorarium = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        choices=[(s, s.label) for s in (Status.SENT, Status.DECLINED, Status.NOT_ALLOWED)]
    )
    note = forms.CharField(label="Note", max_length=500, required=False)
