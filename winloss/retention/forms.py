from django import forms

from winloss.lib.concurrency import VersionedForm

from .models import RetentionPolicy


class PolicyForm(VersionedForm):
    class Meta:
        model = RetentionPolicy
        fields = ["days"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            self.initial["version"] = 1  # the default policy, not saved yet


class ForgetForm(forms.Form):
    confirm = forms.BooleanField(
        label="The respondent asked for their data to be deleted. Their words and contact "
        "details are gone for good."
    )


class PurgeForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that the words of these interviews are gone for good."
    )
