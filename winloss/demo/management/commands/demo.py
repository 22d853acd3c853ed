from django.conf import settings
from django.core.management.base import BaseCommand

from winloss.deals.models import Outcome
from winloss.demo.build import PASSWORD, DemoResult, build_demo_workspace
from winloss.demo.content import NAME, SOURCE


class Command(BaseCommand):
    help = "Build the demo workspace (first run; later runs change nothing) and print its logins."
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []

    def handle(self, *args, **options) -> None:
        result = build_demo_workspace(stdout=self.stdout)
        self.stdout.write(_summary(result))
        self.stdout.write(
            f"\nLog in at {settings.SITE_URL}/ as any of these, with the password {PASSWORD}\n"
        )
        self.stdout.write(_table([("email", "role", "workspace"), *result.logins]))


def _summary(result: DemoResult) -> str:
    if not result.changed:
        return f"The demo workspace “{NAME}” is already built: nothing changed."
    lines = [f"Built the demo workspace “{NAME}”:"]
    if result.deals:
        outcomes = ", ".join(
            f"{result.outcomes[o]:,} {o}" for o in Outcome.values if o in result.outcomes
        )
        lines.append(f"  {result.deals:,} deals from {SOURCE} ({outcomes})")
        lines.append(
            f"  {result.accounts} accounts, {result.contacts} contacts, "
            f"{result.competitors} competitors"
        )
    if result.programs:
        lines.append(f"  {len(result.programs)} programs, one wave per quarter:")
        lines += [f"    {name}" for name in result.programs]
    if result.sample:
        lines.append(f"  a balanced sample of {result.sample} deals for the active wave")
    if result.guide:
        lines.append(f"  an approved interview guide of {result.guide} questions from the bank")
    if result.windows:
        lines.append(f"  {result.windows} availability windows for the two interviewers")
    if result.invited:
        lines.append(
            f"  {result.invited} invitations sent (not emailed: the buyers are invented), "
            f"{result.booked} interviews booked by phone"
        )
    if result.interviews:
        lines.append(
            f"  {result.interviews} validated, coded interviews in the finished wave before it"
        )
    if result.report:
        lines.append(f"  its report published (version {result.report}) with two actions")
    return "\n".join(lines)


def _table(rows: list[tuple[str, str, str]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    cells = [[cell.ljust(width) for cell, width in zip(row, widths, strict=True)] for row in rows]
    return "\n".join(("  " + "  ".join(line)).rstrip() for line in cells)
