"""The buyer's survey page: no account, one signed link, in the buyer's language.

Each answer is posted as it is given (``survey.js``, to ``answer_field``); without JavaScript
the whole form posts to the page, which keeps every answer it carries. Either way the server
checks the link and the consent before keeping anything.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from winloss.outreach import consent as consent_texts
from winloss.outreach import links
from winloss.outreach.models import Attribution, ConsentKind
from winloss.outreach.public_views import RATE

from ..builder.timing import minutes
from ..models import SurveyResponse
from . import queries, services

# Each answer is a request: a quick buyer gives dozens a minute. Tokens are signed, so a
# script gains nothing from the higher rate.
ANSWER_RATE = "120/m"
ANSWER_PREFIXES = ("rating-", "comment-")
ANSWER_FIELDS = ("main_reason", "main_reason_other", "reconsider")


def languages(response: SurveyResponse) -> list[tuple[str, str]]:
    enabled = response.program.workspace.languages_for_respondents
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in enabled if code in names]


def language_of(response: SurveyResponse) -> str:
    """The buyer's choice, else the workspace's first language."""
    offered = [code for code, _name in languages(response)]
    if response.language in offered:
        return response.language
    return offered[0] if offered else settings.LANGUAGE_CODE


def _unusable(request, error: links.LinkUnusable) -> HttpResponse:
    """Said in the browser's language: without a usable link there is no response to ask."""
    with translation.override(translation.get_language_from_request(request)):
        return render(
            request,
            "surveys/answering/unusable.html",
            {"message": str(error)},
            status=error.status,
        )


def _answers(post) -> list[tuple[str, str]]:
    return [
        (name, post.get(name, ""))
        for name in post
        if name.startswith(ANSWER_PREFIXES) or name in ANSWER_FIELDS
    ]


@ratelimit(key="ip", rate=RATE, method=ratelimit.ALL, block=True)
@require_http_methods(["GET", "POST"])
def answer(request, token):
    try:
        response = services.open_link(token).response
    except links.LinkUnusable as error:
        return _unusable(request, error)
    with translation.override(language_of(response)):
        return _page(request, token, response)


def _page(request, token, response: SurveyResponse) -> HttpResponse:
    action = request.POST.get("action", "")
    errors: dict[str, str] = {}
    status = 200
    try:
        if action == "language":
            services.choose_language(token, language=request.POST.get("language", ""))
            return redirect(request.path)
        if action == "consent":
            services.consent(
                token,
                attribution=request.POST.get("attribution", ""),
                answers_allowed=request.POST.get("answers_allowed") == "on",
            )
            return redirect(request.path)
        if action == "decline":
            services.decline(token)
            return render(request, "surveys/answering/done.html", {"done": "declined"})
        if action in ("save", "finish"):
            for name, value in _answers(request.POST):
                try:
                    services.save_answer(token, field=name, value=value)
                except services.AnswerError as error:
                    errors[name] = str(error)
            if action == "finish" and not errors:
                services.finish(token)
                return render(request, "surveys/answering/done.html", {"done": "completed"})
            if not errors:
                return redirect(f"{request.path}?saved=1")
    except links.LinkUnusable as error:
        return _unusable(request, error)
    except services.AnswerError as error:
        errors["consent" if action == "consent" else "form"] = str(error)
    if errors:
        status = 400
    response.refresh_from_db()
    consented = services.has_consented(response)
    context = {
        "response": response,
        "program": response.program,
        "company": response.program.workspace.name,
        "languages": languages(response),
        "language": translation.get_language(),
        "consented": consented,
        "errors": errors,
        "saved": request.GET.get("saved") == "1",
        "attributions": Attribution.choices,
        # The honest estimate for their version and outcome (``builder.timing``).
        "minutes": minutes(response),
        "chosen_attribution": request.POST.get("attribution", ""),
    }
    if consented:
        context.update(questions=queries.page(response), scores=range(11), ratings=range(1, 6))
    else:
        context["statement"] = consent_texts.render(
            consent_texts.current_text(response.program.workspace, ConsentKind.SURVEY),
            program=response.program,
        )
    return render(request, "surveys/answering/page.html", context, status=status)


@ratelimit(key="ip", rate=ANSWER_RATE, method=ratelimit.ALL, block=True)
@require_POST
def answer_field(request, token):
    """One answer, posted as it is given: ``{"saved": true}``, or the error to show beside it."""
    try:
        response = services.open_link(token).response
    except links.LinkUnusable as error:
        return JsonResponse({"error": str(error)}, status=error.status)
    with translation.override(language_of(response)):
        try:
            services.save_answer(
                token, field=request.POST.get("field", ""), value=request.POST.get("value", "")
            )
        except services.AnswerError as error:
            return JsonResponse({"error": str(error)}, status=400)
        except links.LinkUnusable as error:
            return JsonResponse({"error": str(error)}, status=error.status)
    return JsonResponse({"saved": True})
