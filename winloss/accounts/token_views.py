from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .access import workspace_view
from .models import ApiToken
from .roles import Cap
from .tokens import create_token, revoke_token


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. “CRM sync”.")


@workspace_view(Cap.VIEW)
def token_list(request, ws):
    form = TokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        _token, raw = create_token(
            user=request.user, workspace=request.workspace, name=form.cleaned_data["name"]
        )
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user, workspace=request.workspace)
    return render(request, "accounts/tokens.html", {"form": form, "tokens": tokens, "raw": raw})


@require_POST
@workspace_view(Cap.VIEW)
def token_revoke(request, ws, token_id):
    # Only your own tokens: someone else's is "not found", not "forbidden".
    token = ApiToken.objects.filter(
        pk=token_id, user=request.user, workspace=request.workspace
    ).first()
    if token is None:
        raise Http404("No such token.")
    revoke_token(token=token, user=request.user)
    messages.success(request, f"The token “{token.name}” no longer works.")
    return redirect("tokens:list", ws=ws)
