"""The coding summary analysis reads stays equal to a fresh GROUP BY of the excerpts after
every write path: code, recode a code's direction, remove, bulk recode, merge, import, settle,
and the bulk planting the analysis tests use."""

import pytest
from django.db.models import Count

from winloss.coding import services
from winloss.coding.agreement.services import settle
from winloss.coding.codebook.services import add_theme, merge_themes
from winloss.coding.models import CodedExcerpt, InterviewThemeSummary
from winloss.coding.queries import codebook_for
from winloss.coding.summary import rebuild_summary, uncounted
from winloss.coding.tests.test_history_import import _csv, _rows, _run, deals  # noqa: F401
from winloss.testing import make_competitor, make_program, publish_codebook_draft
from winloss.testing.planting import lost, plant, won


def fresh() -> set[tuple]:
    return {
        (row["interview_id"], row["program_id"], row["theme_id"], row["direction"],
         row["n"], row["named"])
        for row in CodedExcerpt.objects.exclude(pk__in=uncounted())
        .order_by()
        .values("interview_id", "program_id", "theme_id", "direction")
        .annotate(n=Count("id"), named=Count("competitor"))
    }  # fmt: skip


def stored() -> set[tuple]:
    return set(
        InterviewThemeSummary.objects.values_list(
            "interview_id", "program_id", "theme_id", "direction", "excerpts", "naming_competitor"
        )
    )


def assert_in_step() -> None:
    assert stored() == fresh()


@pytest.fixture
def coded(workspace, people):
    program = make_program(workspace)
    interviews = plant(program, [lost(codes=[("pricing_commercial", "loss_driver")]), won()])
    assert stored() and stored() == fresh()
    return program, interviews


def _code(interview, user, theme_slug: str, direction: str, start: int = 0, **extra):
    theme = next(t for t in codebook_for(interview.workspace) if t.slug == theme_slug)
    note = interview.notes.get()
    return services.code_excerpt(
        interview=interview,
        passage_key=f"note-{note.pk}",
        start=start,
        end=start + 4,
        theme=theme,
        direction=direction,
        user=user,
        **extra,
    )


def test_coding_and_recoding_a_direction_keep_the_summary_in_step(coded, people):
    _program, (_first, second) = coded
    analyst = people["analyst"]
    _code(second, analyst, "product_fit", "win_driver")
    assert_in_step()
    rival = make_competitor(second.workspace, name="Vector")
    _code(second, analyst, "product_fit", "win_driver", start=5, competitor=rival)
    assert_in_step()
    # The same code again with another direction moves the count between directions.
    _code(second, analyst, "product_fit", "neutral")
    assert_in_step()
    assert InterviewThemeSummary.objects.filter(interview=second, direction="neutral").exists()


def test_removing_an_excerpt_removes_its_count(coded, people):
    _program, (first, _second) = coded
    services.remove_excerpt(first.excerpts.get(), user=people["analyst"])
    assert_in_step()
    assert not InterviewThemeSummary.objects.filter(interview=first).exists()


def test_a_bulk_recode_moves_the_counts_to_the_new_theme(coded, people):
    program, (_first, second) = coded
    _code(second, people["analyst"], "product_fit", "win_driver")
    fit = next(t for t in codebook_for(program.workspace) if t.slug == "sales_process")
    moved = services.recode_excerpts(
        program=program,
        excerpt_ids=CodedExcerpt.objects.values_list("pk", flat=True),
        theme=fit,
        user=people["analyst"],
    )
    assert moved == 2
    assert_in_step()


def test_merging_themes_carries_the_counts(coded, people):
    program, (first, _second) = coded
    themes = {t.slug: t for t in codebook_for(program.workspace)}
    _code(first, people["analyst"], "competitive_displacement", "loss_driver", start=5)
    merge_themes(
        source=themes["competitive_displacement"],
        target=themes["pricing_commercial"],
        user=people["analyst"],
    )
    publish_codebook_draft(program.workspace)
    assert_in_step()
    # Two excerpts of one interview under the merged theme: one row counting both.
    row = InterviewThemeSummary.objects.get(interview=first, theme=themes["pricing_commercial"])
    assert row.excerpts == 2


def test_settling_a_disagreement_changes_no_count(coded, people):
    program, (first, _second) = coded
    before = stored()
    settle(
        interview=first,
        passage_key=f"note-{first.notes.get().pk}",
        themes=[codebook_for(program.workspace)[0]],
        user=people["analyst"],
    )
    assert stored() == before == fresh()


def test_an_imported_history_is_summarised(tmp_path, deals):  # noqa: F811
    _run(_csv(tmp_path, _rows()))
    assert_in_step()
    assert InterviewThemeSummary.objects.filter(naming_competitor=1).count() == 1


def test_a_sub_theme_keeps_its_own_row(workspace, people):
    program = make_program(workspace)
    (interview,) = plant(program, [lost()])
    parent = codebook_for(workspace)[0]
    child = add_theme(workspace=workspace, user=people["admin"], slug="list_price",
                      name="List price", parent=parent)  # fmt: skip
    publish_codebook_draft(workspace)
    child.refresh_from_db()
    services.code_excerpt(
        interview=interview, passage_key=f"note-{interview.notes.get().pk}", start=0, end=4,
        theme=child, direction="loss_driver", user=people["analyst"],
    )  # fmt: skip
    assert_in_step()


def test_a_rebuild_repairs_a_summary_that_drifted(coded):
    InterviewThemeSummary.objects.all().delete()
    rebuild_summary()
    assert_in_step()


def test_a_second_coders_code_counts_only_once_settled(workspace, people, client_for):
    """Product fit in 8 interviews by the primary coder; a second coder adds it to a ninth.
    Until the two settle, the driver stays at 8."""
    from winloss.analysis.figures import analysis
    from winloss.analysis.scope import Scope
    from winloss.coding.models import SecondCoding

    program = make_program(workspace)
    fit = ("product_fit", "win_driver")
    plant(program, [won(codes=[fit]) for _ in range(8)])
    (ninth,) = plant(program, [won(codes=[("sales_process", "win_driver")])])
    for excerpt in CodedExcerpt.objects.filter(program=program):
        excerpt.coder = people["analyst"]
        excerpt.save()
    SecondCoding.objects.create(
        workspace=workspace, program=program, interview=ninth, coder=people["admin"]
    )
    _code(ninth, people["admin"], *fit, start=5)
    assert_in_step()

    def product_fit() -> int:
        figures = analysis(Scope(program))
        return next(d["k"] for d in figures["drivers"] if d["theme"] == "product_fit")

    assert product_fit() == 8
    # The figure's drill-down lists exactly the 8 interviews' excerpts behind it.
    drill = client_for(people["analyst"]).get(
        f"/w/{workspace.slug}/programs/{program.pk}/analyse/excerpts/",
        {"theme": "product_fit", "direction": "win_driver"},
    )
    assert drill.context["page"].paginator.count == 8
    themes = {t.slug: t for t in codebook_for(workspace)}
    passage = f"note-{ninth.notes.get().pk}"
    settle(interview=ninth, passage_key=passage, themes=[themes["product_fit"]],
           user=people["analyst"])  # fmt: skip
    assert product_fit() == 9
    assert_in_step()
    # The settlement left sales process out: the primary coder's code of it no longer counts.
    assert not InterviewThemeSummary.objects.filter(
        interview=ninth, theme=themes["sales_process"]
    ).exists()
