"""SOP step 10: keep the draft, choose quotes, publish immutable versions, hand out files."""

import hashlib
from collections.abc import Iterator
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from winloss.accounts.models import Membership, User
from winloss.accounts.roles import Cap, Role, roles_with
from winloss.activity.services import log_action
from winloss.coding.memos.models import SHAREABLE, Memo
from winloss.coding.memos.services import NOT_SHAREABLE
from winloss.coding.models import CodedExcerpt, Direction
from winloss.deals.models import Outcome
from winloss.escalations.queries import blocking_publication
from winloss.lib.concurrency import save_versioned
from winloss.lib.enqueue import enqueue_on_commit
from winloss.programs.models import Program

from .anonymise import Identity, identities, redact
from .formats import pdf_problem, render
from .models import (
    Format,
    Report,
    ReportError,
    ReportFile,
    ReportMemo,
    ReportQuote,
    ReportVersion,
    checksum_of,
)
from .queries import default_title
from .quotes import BUYER_WORDS, kind_of, passage_kind, source_of

DRAFT_FIELDS = ("title", "summary", "limitations", "recipients")


def begin_report(program: Program) -> Report:
    """The program's report draft, saved now if nobody has written in it yet: the draft
    begins with the first thing written in it, never with a look at the page."""
    report, _ = Report.objects.get_or_create(
        program=program, defaults={"workspace": program.workspace, "title": default_title(program)}
    )
    return report


def _begun(report: Report) -> Report:
    """The draft as a page showed it (``queries.draft_of``), saved if it was not yet."""
    return report if report.pk is not None else begin_report(report.program)


def save_draft(report: Report, *, user: User, expected_version: int, **values: str) -> Report:
    report = _begun(report)
    before = {name: getattr(report, name) for name in DRAFT_FIELDS}
    for name, value in values.items():
        if name not in DRAFT_FIELDS:
            raise ValueError(f"{name} is not a field of the report's draft")
        setattr(report, name, value)
    save_versioned(report, expected_version=expected_version, fields=values)
    changes = {n: [before[n], values[n]] for n in values if before[n] != values[n]}
    if changes:
        log_action(report, "report.edited", user=user, changes=changes)
    return report


def add_quote(report: Report, excerpt: CodedExcerpt, *, user: User) -> ReportQuote:
    if excerpt.program_id != report.program_id:
        raise ReportError("That excerpt belongs to another program.")
    kind = kind_of(excerpt)
    if kind != BUYER_WORDS:
        raise ReportError(
            f"Only the buyer's own words can be quoted; this excerpt is: {kind.lower()}. "
            "Quote a verbatim note or a transcript turn the respondent spoke."
        )
    report = _begun(report)
    data = {"excerpt": excerpt.pk}
    return _append(report, report.quotes, "report.quote_added", user, data, excerpt=excerpt)


def remove_quote(quote: ReportQuote, *, user: User) -> None:
    log_action(quote.report, "report.quote_removed", user=user, data={"excerpt": quote.excerpt_id})
    quote.delete()


def set_redactions(quote: ReportQuote, terms: str, *, user: User) -> ReportQuote:
    quote.redact_terms = terms
    quote.save(update_fields=["redact_terms"])
    log_action(
        quote.report, "report.quote_redactions_set", user=user, data={"excerpt": quote.excerpt_id}
    )
    return quote


@transaction.atomic
def cite_memo(report: Report, memo: Memo, *, user: User) -> ReportMemo:
    """Cite a memo in the methodology section: one the program owner shared, about the
    program or a theme, since stakeholders read the published report."""
    if memo.program_id != report.program_id:
        raise ReportError("That memo belongs to another program.")
    if memo.about not in SHAREABLE:
        raise ReportError(NOT_SHAREABLE)
    if not memo.shared:
        raise ReportError(
            "Only a shared memo is cited: stakeholders read the published report. The program "
            "owner shares it on the memo's page first."
        )
    report = _begun(report)
    data = {"memo": memo.title}
    return _append(report, report.memos, "report.memo_cited", user, data, memo=memo)


def _append(report: Report, items: Any, code: str, user: User, data: dict, **what: Any) -> Any:
    """What the draft lists in order (a quote, a cited memo), added once at the end."""
    position = (items.aggregate(m=Max("position"))["m"] or 0) + 1
    row, made = items.get_or_create(**what, defaults={"position": position})
    if made:
        log_action(report, code, user=user, data=data)
    return row


def uncite_memo(cited: ReportMemo, *, user: User) -> None:
    log_action(cited.report, "report.memo_uncited", user=user, data={"memo": cited.memo.title})
    cited.delete()


def publication_blockers(report: Report) -> list[str]:
    """Why the report cannot be published now, in words for the person publishing."""
    problems = []
    open_ones = list(blocking_publication(report.program).select_related("owner")[:5])
    if open_ones:
        owners = ", ".join(sorted({str(e.owner) for e in open_ones}))
        problems.append(
            f"{blocking_publication(report.program).count()} escalation(s) from this "
            f"program's interviews are still open and unacknowledged (owner: {owners}). "
            "The SOP asks for escalations to be handled before the report is published: "
            "their owners must acknowledge them first."
        )
    return problems


def excerpt_rows(program: Program, batch: int = 500) -> Iterator[dict[str, Any]]:
    """Every coded excerpt of the program as the XLSX export holds it: anonymised as each
    respondent allowed, and with no words at all where the respondent may not be quoted.
    Read a few hundred interviews at a time, so memory stays flat with years of data."""
    interview_ids = list(
        CodedExcerpt.objects.filter(program=program)
        .order_by("interview_id")
        .values_list("interview_id", flat=True)
        .distinct()
    )
    for start in range(0, len(interview_ids), batch):
        ids = interview_ids[start : start + batch]
        people = identities(ids)
        # Plain values, not models: a row of the export needs nine columns, and building
        # six model objects (the theme's JSON fields decoded) per excerpt was most of its time.
        rows = (
            CodedExcerpt.objects.filter(interview_id__in=ids)
            .order_by("interview_id", "pk")
            .values_list(
                "interview_id",
                "interview__entry__deal__crm_id",
                "interview__entry__outcome",
                "interview__respondent_role",
                "theme__slug",
                "theme__name",
                "direction",
                "competitor__name",
                "text",
                "note__kind",
                "transcript_turn__speaker",
                "transcript_turn__transcript__speaker_map",
            )
        )
        for (
            interview, deal, outcome, role, slug, name, direction, rival, text, *passage
        ) in rows.iterator(chunk_size=2000):  # fmt: skip
            identity = people.get(interview) or Identity("")
            quoted = redact(text, identity)
            yield {
                "interview": interview,
                "deal": deal,
                "outcome": Outcome.label_of(outcome),
                "theme": slug,
                "theme_name": name,
                "direction": Direction(direction).label,
                "competitor": rival or "",
                "text": quoted if quoted is not None else "[not quotable]",
                "kind": passage_kind(*passage),
                "source": source_of(role, outcome, identity),
            }


def render_file(fmt: str, content: dict[str, Any], program: Program) -> bytes:
    if fmt == Format.PDF and pdf_problem():
        raise ReportError(f"The PDF cannot be made on this server: {pdf_problem()}")
    excerpts = excerpt_rows(program) if fmt == Format.XLSX else None
    return render(fmt, content, excerpts=excerpts)


def _stakeholders(report: Report) -> list[str]:
    program = report.program
    emails = set(
        Membership.objects.filter(workspace=report.workspace, role=Role.STAKEHOLDER).values_list(
            "user__email", flat=True
        )
    )
    if program.owner is not None:
        emails.add(program.owner.email)
    return sorted(emails | set(report.recipient_list()))


def publish(
    report: Report, *, user: User, acknowledge_below_minimum: bool = False
) -> ReportVersion:
    """Freeze the draft as a new version: its content, the checksum of that content and every
    file rendered from it, saved in one transaction, so the files are of exactly that data.

    Rendering takes seconds (the PDF most), so it happens before the transaction: holding the
    database that long would stop every other save. The checks run again inside it, and a
    version number taken meanwhile by another publication is refused, not overwritten.

    With fewer interviews per outcome than the program's minimum, publishing needs
    ``acknowledge_below_minimum``; the acknowledgement is printed in the limitations."""
    from . import content as report_content  # the analysis and its libraries: only to publish

    _check_publishable(report, user=user)
    content = report_content.build(report)
    small = content["scope"]["below_minimum"]
    if small and not acknowledge_below_minimum:
        raise ReportError(
            f"{report_content.small_text(small)} To publish anyway, acknowledge it: the "
            "acknowledgement is printed in the report's limitations."
        )
    if small:
        when = timezone.localdate().isoformat()
        content["methodology"]["limitations"].insert(
            1, f"Published below the minimum with the acknowledgement of {user} on {when}."
        )
    published = ReportVersion.objects.filter(report__program=report.program_id)
    number = (published.aggregate(m=Max("number"))["m"] or 0) + 1
    content["version"] = number
    files = {fmt: render_file(fmt, content, report.program) for fmt in Format.values}
    # Written before the transaction, as rendering is: a slow bucket must not hold the
    # database. Files of a version that is then not recorded go again.
    kept = keep_files(report.program, number, files)
    try:
        return _save_version(report, user=user, content=content, files=kept)
    except BaseException:
        _delete_kept(kept)
        raise


def _check_publishable(report: Report, *, user: User) -> None:
    if not Membership.objects.filter(
        user=user, workspace=report.workspace, role__in=roles_with(Cap.PUBLISH)
    ).exists():
        raise ReportError("Only the program owner or a workspace admin may publish the report.")
    problems = publication_blockers(report)
    if problems:
        raise ReportError(" ".join(problems))
    if pdf_problem():  # a version is published with all its files, or not at all
        raise ReportError(f"The PDF cannot be made on this server: {pdf_problem()}")


@transaction.atomic
def _save_version(
    report: Report, *, user: User, content: dict[str, Any], files: dict[str, tuple[str, str]]
) -> ReportVersion:
    report = Report.objects.select_for_update().select_related("program").get(pk=_begun(report).pk)
    _check_publishable(report, user=user)
    number = content["version"]
    if report.versions.filter(number=number).exists():
        raise ReportError(
            f"Version {number} was published by someone else meanwhile; publish again."
        )
    version = ReportVersion(
        report=report,
        number=number,
        content=content,
        checksum=checksum_of(content),
        published_by=user,
    )
    version.save()
    for fmt, (name, sha256) in files.items():
        ReportFile.objects.create(version=version, format=fmt, file=name, sha256=sha256)
    log_action(
        report,
        "report.published",
        user=user,
        data={"version": number, "checksum": version.checksum},
    )
    from .notify import notify_publication

    enqueue_on_commit(notify_publication, version.pk, _stakeholders(report))
    return version


def keep_files(
    program: Program, number: int, files: dict[str, bytes]
) -> dict[str, tuple[str, str]]:
    """Write each rendered file of version ``number`` once to the file storage; each format's
    stored name and SHA-256. A name already taken gets a free one beside it: nothing stored
    is ever replaced."""
    kept: dict[str, tuple[str, str]] = {}
    try:
        for fmt, data in files.items():
            sha256 = hashlib.sha256(data).hexdigest()
            name = f"reports/{program.workspace_id}/{program.pk}/v{number}-{sha256[:16]}.{fmt}"
            kept[fmt] = (default_storage.save(name, ContentFile(data)), sha256)
    except BaseException:
        _delete_kept(kept)
        raise
    return kept


def _delete_kept(kept: dict[str, tuple[str, str]]) -> None:
    """Files written for a version that was not recorded: no row names them."""
    for name, _ in kept.values():
        default_storage.delete(name)
