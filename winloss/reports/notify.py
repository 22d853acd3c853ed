"""Telling stakeholders a report version is out: one email each, sent by the task worker."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django_tasks import task

from .models import ReportVersion


def version_link(version: ReportVersion) -> str:
    report = version.report
    return settings.SITE_URL + reverse(
        "reports:version",
        kwargs={
            "ws": report.workspace.slug,
            "program_id": report.program_id,
            "number": version.number,
        },
    )


@task()
def notify_publication(version_id: int, emails: list[str]) -> None:
    version = (
        ReportVersion.objects.select_related("report__workspace").filter(pk=version_id).first()
    )
    if version is None or not emails:
        return
    content = version.content
    scope = content.get("scope", {})
    body = (
        f"{content.get('title')} — version {version.number} — was published on "
        f"{version.published_at:%d %b %Y}.\n\n"
        f"It is based on {scope.get('analysed', 0)} validated interviews. Read it, download the "
        f"PDF or the slides, and see the actions assigned to you:\n{version_link(version)}\n"
    )
    for email in emails:  # one message each: recipients do not see each other's addresses
        EmailMessage(
            subject=f"Win-loss report published: {content.get('title')}", body=body, to=[email]
        ).send()
