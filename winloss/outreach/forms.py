import datetime as dt
from typing import Any, cast

from django import forms
from django.http import QueryDict

from winloss.deals.models import Contact, DecisionRole
from winloss.lib import zones
from winloss.lib.concurrency import StaleEdit, VersionedForm

from .models import Attribution, Channel, EmailTemplate, Format

TIME_ZONES = zones.choices()


class ConsentFields(forms.Form):
    notes_allowed = forms.BooleanField(
        label="The interviewer may take notes of what I say", required=False
    )
    recording_allowed = forms.BooleanField(label="The call may be recorded", required=False)
    transcription_allowed = forms.BooleanField(
        label="A transcript may be made from the recording", required=False
    )
    attribution = forms.ChoiceField(
        label="Quotes", choices=Attribution.choices, widget=forms.RadioSelect
    )


class RescheduleForm(forms.Form):
    slot = forms.CharField(widget=forms.HiddenInput)  # the page shows the times as radios
    timezone = forms.ChoiceField(label="Your time zone", choices=[(z, z) for z in TIME_ZONES])

    def clean_slot(self) -> dt.datetime:
        try:
            value = dt.datetime.fromisoformat(self.cleaned_data["slot"])
        except ValueError:
            raise forms.ValidationError("Pick one of the times offered.") from None
        if value.tzinfo is None:
            raise forms.ValidationError("Pick one of the times offered.")
        return value.astimezone(dt.UTC)


class BookingForm(RescheduleForm, ConsentFields):
    format = forms.ChoiceField(label="How", choices=Format.choices, widget=forms.RadioSelect)
    location = forms.CharField(
        label="Phone number or address (optional)",
        required=False,
        max_length=300,
        help_text="For a phone call, the number to ring; in person, where to meet.",
    )
    concerns = forms.CharField(
        label="Anything we should know? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Confidentiality or participation concerns, people who should join, …",
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Would you tell us why? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AttemptForm(forms.Form):
    channel = forms.ChoiceField(choices=Channel.choices)
    note = forms.CharField(max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=2000)
    version = forms.IntegerField(min_value=1)


class ByHandForm(ConsentFields):
    starts_at = forms.DateTimeField(
        label="Date and time (your time zone)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    format = forms.ChoiceField(choices=Format.choices)
    location = forms.CharField(required=False, max_length=300)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class VoiceForm(forms.Form):
    """Another person to hear the deal from: a contact of its account, or a new one."""

    contact = forms.ModelChoiceField(
        label="Contact of the account",
        queryset=Contact.objects.none(),
        required=False,
        empty_label="— a new contact, below —",
    )
    name = forms.CharField(label="New contact's name", required=False, max_length=200)
    email = forms.EmailField(label="Their email", required=False)
    title = forms.CharField(label="Their job title", required=False, max_length=200)
    role = forms.ChoiceField(label="Their role in the decision", choices=DecisionRole.choices)

    def __init__(self, *args: Any, entry=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if entry is not None and entry.deal.account_id:
            # The field as declared above: the form's field dict knows it only as a Field.
            contact = cast(forms.ModelChoiceField, self.fields["contact"])
            contact.queryset = Contact.objects.filter(
                workspace=entry.workspace, account=entry.deal.account_id, do_not_contact=False
            ).exclude(pk__in=entry.appointments.exclude(contact=None).values("contact"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("contact") and not (data.get("name") or "").strip():
            raise forms.ValidationError(
                "Pick a contact of the account, or give the new contact's name."
            )
        return data


class AvailabilityForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label="From", widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label="Until", widget=forms.TimeInput(attrs={"type": "time"}))


class BusyCalendarForm(forms.Form):
    url = forms.CharField(
        label="Calendar address (iCal)",
        max_length=2000,
        widget=forms.TextInput(
            attrs={
                "inputmode": "url",
                "autocomplete": "off",
                "placeholder": "https://calendar.google.com/calendar/ical/…/basic.ics",
            }
        ),
        help_text="Google: Settings → your calendar → “Secret address in iCal format”. "
        "Outlook: Settings → Calendar → Shared calendars → Publish a calendar → ICS. "
        "A free/busy (VFREEBUSY) address works too.",
    )


class TemplateForm(VersionedForm):
    """One kind of message's wording; ``version`` 0 while the built-in wording is in use."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = EmailTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            self.initial["version"] = 0

    def show_conflict(self, error: StaleEdit) -> None:
        super().show_conflict(error)
        # Six of these forms share a page, each under its kind's prefix, which the shared
        # helper does not know: move the prefixed version field onto the saved one too.
        data = cast(QueryDict, self.data).copy()  # bound to a POST
        data[self.add_prefix("version")] = str(cast(EmailTemplate, error.current).version)
        self.data = data


class ConsentTextForm(forms.Form):
    body = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 10}))
    # The version the editor started from: a newer one saved meanwhile is not overwritten.
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
