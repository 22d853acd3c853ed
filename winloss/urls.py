from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from winloss.accounts import views as account_views
from winloss.api import api
from winloss.operate import views as operate_views

# Every stage's program pages live under /w/<workspace>/programs/<id>/<step>/.
program_stages = [
    path("", include("winloss.programs.urls")),
    path("", include("winloss.guides.urls")),
    path("", include("winloss.surveys.urls")),
    path("", include("winloss.outreach.urls")),
    path("", include("winloss.honoraria.urls")),
    path("", include("winloss.interviews.urls")),
    path("", include("winloss.coding.urls")),
    path("", include("winloss.surveys.open_answers.urls")),
    path("", include("winloss.analysis.urls")),
    path("", include("winloss.escalations.urls")),
    path("", include("winloss.reports.urls")),
    path("", include("winloss.actions.urls")),
    path("", include("winloss.surveys.sending_urls")),
]

workspace_patterns: list[URLPattern | URLResolver] = [
    path("", account_views.workspace_home, name="workspace_home"),
    path("programs/", include(program_stages)),
    path("deals/", include("winloss.deals.urls")),
    path("evidence/", include("winloss.evidence.urls")),
    path("subscriptions/", include("winloss.digests.urls")),
    path("battlecards/", include("winloss.battlecards.urls")),
    path("history/", include("winloss.activity.urls")),
    path("executive/", include("winloss.reports.executive_urls")),
    path("jobs/", include("winloss.jobs.urls")),
    path("", include("winloss.accounts.workspace_urls")),
    path("tokens/", include("winloss.accounts.token_urls")),
    path("retention/", include("winloss.retention.urls")),
    path("sign-on/", include("winloss.sso.workspace_urls")),
    path("crm/", include("winloss.crm.urls")),
]

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", operate_views.healthz, name="healthz"),
    path("readyz", operate_views.readyz, name="readyz"),
    path("metrics", operate_views.metrics, name="metrics"),
    path("accounts/", include("winloss.accounts.urls")),
    # Signing in with the company's OpenID Connect provider or SAML identity provider (each
    # 404 unless configured).
    path("oidc/", include("winloss.sso.urls")),
    path("saml/", include("winloss.sso.saml.urls")),
    path("w/<slug:ws>/", include(workspace_patterns)),
    # Respondents have no account: their pages answer a signed link (SOP step 4).
    path("r/", include("winloss.outreach.public_urls")),
    # An interviewer's calendar app has no account either: a signed address per interviewer.
    path("calendar/", include("winloss.outreach.feed_urls")),
    # The buyer's survey, through its own signed link.
    path("s/", include("winloss.surveys.answering.urls")),
    # A digest's unsubscribe link works without logging in: its signature is the check.
    path("unsubscribe/", include("winloss.digests.public_urls")),
    # A CRM's calls when a deal changes: signed by the CRM, not by a session.
    path("hooks/crm/", include("winloss.crm.webhook_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# A database too busy to answer says "try again" (503) instead of failing (500).
handler500 = "winloss.lib.busy.handle_error"
