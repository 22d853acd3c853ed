from django import forms

from winloss.lib.chat import KINDS

from .models import Follows


class FollowForm(forms.Form):
    follows = forms.ChoiceField(choices=Follows.choices)
    value = forms.CharField(max_length=200)


class DeliveryForm(forms.Form):
    by_email = forms.BooleanField(label="By email", required=False)
    chat_kind = forms.ChoiceField(
        label="Chat channel", required=False, choices=[("", "None"), *KINDS]
    )
    chat_url = forms.URLField(
        label="Incoming webhook address",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="The channel gets one line a week (how much is new) and a link: never the "
        "buyers' words, since people outside your role may read the channel.",
    )
