"""Forms for transcripts: the upload, who is who, a passage to quote."""

from django import forms

from .formats import FORMATS
from .models import FORMAT_NAMES, SpeakerRole
from .services import MAX_MB


class TranscriptUploadForm(forms.Form):
    file = forms.FileField(
        label="Transcript file",
        allow_empty_file=True,  # the parser says why an empty file is no transcript
        help_text=f"The transcript your meeting or transcription tool exports; at most {MAX_MB} "
        "MB. Only its text and times are kept, not the file.",
    )
    format = forms.ChoiceField(
        choices=[("auto", "Recognise it from the file")]
        + [(f, FORMAT_NAMES.get(f, f)) for f in FORMATS],
        initial="auto",
        required=False,
    )


class SpeakerRolesForm(forms.Form):
    """One choice per speaker; fields are numbered, since names are no safe field names."""

    def __init__(self, *args, speakers: list[str], speaker_map: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.speakers = speakers
        for index, name in enumerate(speakers):
            self.fields[f"speaker_{index}"] = forms.ChoiceField(
                label=name,
                choices=SpeakerRole.choices,
                initial=speaker_map.get(name, SpeakerRole.OTHER),
            )

    def roles(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"speaker_{i}"] for i, name in enumerate(self.speakers)}


class QuoteForm(forms.Form):
    turn = forms.IntegerField(min_value=1)
    passage = forms.CharField(strip=True)
    question = forms.IntegerField(required=False)  # empty: the closing (general) notes
