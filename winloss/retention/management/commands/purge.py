import json

from django.core.management.base import BaseCommand

from winloss.accounts.cli import workspace_named
from winloss.accounts.models import Workspace
from winloss.retention.models import COUNTS
from winloss.retention.queries import keeps_words, policy_for, preview
from winloss.retention.services import purge


class Command(BaseCommand):
    help = (
        "Apply the retention policy: empty the notes and transcripts of interviews completed "
        "more than the policy's days ago (or the fewer days their consent promised), anonymise "
        "their coded excerpts, and empty every other copy of respondents' words. Without "
        "--workspace, every workspace (365 days where no policy was saved: what the consent "
        "texts promise). The workers run it nightly (the retention.purge schedule); this runs "
        "it now."
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--workspace", help="The workspace's slug")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be purged; purge nothing"
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object a line")

    def handle(self, *args, **options) -> None:
        if options["workspace"]:
            workspaces = [workspace_named(options["workspace"])]
        else:
            # Every workspace: one without a saved policy has promised its respondents the
            # default days in its consent texts, and that promise is kept too.
            workspaces = list(Workspace.objects.order_by("slug"))
        for workspace in workspaces:
            self._one(workspace, dry_run=options["dry_run"], as_json=options["json"])

    def _one(self, workspace, *, dry_run: bool, as_json: bool) -> None:
        days = policy_for(workspace).days
        result: dict = {"workspace": workspace.slug, "dry_run": dry_run, "days": days}
        if keeps_words(workspace):
            result |= {"cutoff": None, **dict.fromkeys(COUNTS, 0)}
            summary = "keeps notes and transcripts until its policy changes; nothing purged"
        elif dry_run:
            found = preview(workspace)
            result |= {"cutoff": found.cutoff and found.cutoff.isoformat(), **found.counts}
            result["first"] = [
                {
                    "interview": i.pk,
                    "deal": i.entry.deal.name,
                    "program": i.program.name,
                    "completed": (i.completed_at or i.started_at).date().isoformat(),
                }
                for i in found.interviews
            ]
            summary = "would purge " + _counts(found.counts)
        else:
            run = purge(workspace)
            result |= {"cutoff": run.cutoff and run.cutoff.isoformat(), "run": run.pk}
            result |= run.counts() | run.housekeeping()
            summary = "purged " + _counts(run.counts())
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        cutoff = f", completed before {result['cutoff']}" if result["cutoff"] else ""
        self.stdout.write(f"{workspace.slug}: {summary}{cutoff}.")
        for row in result.get("first", []):
            self.stdout.write(f"  {row['completed']}  {row['deal']} ({row['program']})")


def _counts(counts: dict[str, int]) -> str:
    return (
        f"{counts['interviews']} interviews: {counts['notes']} notes, {counts['revisions']} "
        f"revisions, {counts['transcripts']} transcripts ({counts['turns']} turns); "
        f"{counts['excerpts']} coded excerpts and {counts['escalations']} escalation passages "
        f"anonymised; {counts['memos']} memos and {counts['appointments']} appointments emptied"
    )
