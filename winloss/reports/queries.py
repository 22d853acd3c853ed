"""Reads for SOP step 10 used by more than one page or command."""

from django.db.models import Max, Q

from winloss.programs.models import Program

from .models import Report, ReportError, ReportFile, ReportVersion


def default_title(program: Program) -> str:
    return f"Win-loss report: {program.name}"


def draft_of(program: Program) -> Report:
    """The program's report draft. Until someone first writes in it (words, a quote, a
    publication), an unsaved one with the default title: looking at the step begins nothing."""
    report = Report.objects.filter(program=program).first()
    if report is None:
        return Report(
            program=program, workspace_id=program.workspace_id, title=default_title(program)
        )
    return report


def published_file(version: ReportVersion, fmt: str) -> ReportFile:
    found = version.files.filter(format=fmt).first()
    if found is None:
        raise ReportError(f"Version {version.number} has no {fmt.upper()} file.")
    return found


def latest_versions(programs: list[Program]) -> dict[int, ReportVersion]:
    """Each program's newest published version, by program id (none for a program with none):
    two queries however many versions there are, and only the newest ones' content is read."""
    newest = (
        ReportVersion.objects.filter(report__program__in=programs)
        .values("report__program_id")
        .annotate(number=Max("number"))
        .order_by()
    )
    wanted = Q(pk__in=[])
    for row in newest:
        wanted |= Q(report__program_id=row["report__program_id"], number=row["number"])
    return {
        v.report.program_id: v
        for v in ReportVersion.objects.filter(wanted).select_related("report__program")
    }
