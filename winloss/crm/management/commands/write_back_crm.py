import json

from django.core.management.base import BaseCommand, CommandError

from winloss.crm.cli import connection_named


class Command(BaseCommand):
    help = (
        "Show what a validated interview writes to its CRM opportunity or deal (status, main "
        "reasons as picklist values, summary link), or with --send write it now."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--workspace", required=True, help="The workspace's slug")
        parser.add_argument("--interview", required=True, type=int, help="The interview's id")
        parser.add_argument(
            "--send", action="store_true", help="Write it to the CRM (without it: preview only)"
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args, **options) -> None:
        from winloss.crm.models import WriteBackStatus
        from winloss.crm.writeback import preview_write_back, write_back_interview
        from winloss.interviews.models import Interview

        workspace, connection = connection_named(options["workspace"])
        interview = Interview.objects.filter(workspace=workspace, pk=options["interview"]).first()
        if interview is None:
            raise CommandError(f"{workspace.slug} has no interview {options['interview']}.")
        preview = preview_write_back(connection=connection, interview=interview)
        if options["send"]:
            write = write_back_interview(interview=interview)
            said = write.get_status_display() + (f": {write.error}" if write.error else "")
            result = {"status": write.status, "error": write.error}
        else:
            said, result = "Preview: nothing was sent.", {"status": "preview", "error": ""}
        if options["json"]:
            self.stdout.write(json.dumps({
                "record": preview.crm_id, "fields": preview.fields, "notes": preview.notes,
                "skipped": preview.skipped, **result,
            }))  # fmt: skip
        else:
            kind = connection.get_kind_display()
            self.stdout.write(f"{kind} record {preview.crm_id or '(none)'}")
            if preview.skipped:
                self.stdout.write(f"Nothing to write: {preview.skipped}")
            for name, value in preview.fields.items():
                self.stdout.write(f"  {name} = {value}")
            for note in preview.notes:
                self.stdout.write(f"Note: {note}")
            self.stdout.write(said)
        if options["send"] and result["status"] == WriteBackStatus.FAILED:
            raise CommandError("The write failed.")
