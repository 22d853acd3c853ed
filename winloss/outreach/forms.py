import datetime as dt
import zoneinfo

from django import forms

from .models import Attribution, Channel, Format

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


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


class AvailabilityForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label="From", widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label="Until", widget=forms.TimeInput(attrs={"type": "time"}))
