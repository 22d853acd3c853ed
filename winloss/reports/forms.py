from django import forms

from winloss.lib.concurrency import VersionedForm

from .models import Report


class DraftForm(VersionedForm):
    class Meta:
        model = Report
        fields = ["title", "summary", "limitations", "recipients"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "limitations": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_recipients(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["recipients"].splitlines()]
        bad = []
        for number, line in enumerate(lines, start=1):
            if line:
                try:
                    forms.EmailField().clean(line)
                except forms.ValidationError:
                    bad.append(f"line {number} ({line})")
        if bad:
            raise forms.ValidationError(f"Not an email address: {', '.join(bad)}.")
        return "\n".join(line for line in lines if line)


class RedactForm(forms.Form):
    redact_terms = forms.CharField(
        label="Also take out", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
