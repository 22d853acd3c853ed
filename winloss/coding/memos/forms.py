from django import forms

from winloss.lib.concurrency import VersionedForm

from .models import Memo
from .services import MAX_TEXT

TEXT_HELP = "Markdown: **bold**, *italic*, lists starting with -, links as [words](https://…)."


def _text_field(rows: int) -> forms.CharField:
    # Not stripped: the words are saved exactly as typed, as the autosave sends them.
    return forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=TEXT_HELP,
    )


class _Lines:
    def clean_text(self) -> str:
        # As ``services`` keeps them: the conflict view compares like with like.
        return self.cleaned_data["text"].replace("\r\n", "\n")  # type: ignore[attr-defined]


class MemoForm(_Lines, VersionedForm):
    """A memo's words, with the version they were written on: what the page's autosave sends,
    and without JavaScript what its Save button posts."""

    text = _text_field(14)

    class Meta:
        model = Memo
        fields = ["title", "text"]


class NewMemoForm(_Lines, forms.ModelForm):
    text = _text_field(10)

    class Meta:
        model = Memo
        fields = ["title", "text"]
