"""The analysts' memos the report cites in its methodology section: chosen by the analyst
among the memos the program owner shared (about the program or a theme), and frozen into a
published version as they read then."""

from winloss.coding.memos.queries import attached_to

from .models import Report, ReportMemo


def cited_memos(report: Report) -> list[ReportMemo]:
    """The draft's citations, in order. A memo that is no longer shared drops out: the
    report's readers include the stakeholders it was taken away from."""
    if report.pk is None:  # a draft nobody has written in yet cites nothing
        return []
    return list(
        report.memos.filter(memo__shared=True).select_related(
            "memo__author", "memo__updated_by", "memo__theme"
        )
    )


def memo_rows(report: Report) -> list[dict]:
    """The cited memos as the published content holds them: their words at publication."""
    return [
        {
            "title": cited.memo.title,
            "about": attached_to(cited.memo),
            "author": str(cited.memo.author or ""),
            "saved_at": cited.memo.updated.isoformat(timespec="seconds"),
            "version": cited.memo.version,
            "text": cited.memo.text,
        }
        for cited in cited_memos(report)
    ]
