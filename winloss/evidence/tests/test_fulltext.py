"""The full-text adapter on whichever database the suite runs on (SQLite by default; the same
tests with DATABASE_URL set to PostgreSQL): every write path keeps the index in step."""

import pytest
from django.db import connection

from winloss.coding.models import CodedExcerpt
from winloss.evidence.fulltext import fts5_queries, install, matching, terms_of, uninstall
from winloss.testing import make_program, make_workspace

pytestmark = pytest.mark.django_db

SAID = [
    "The pricing was a third above the other vendor's quote.",
    "Your security review took months; procurement lost patience.",
    "We liked the onboarding plan but the price was too high.",
]


@pytest.fixture
def excerpts():
    from winloss.coding.queries import codebook_for
    from winloss.testing import make_interview

    program = make_program(make_workspace())
    interview = make_interview(program, SAID)
    theme = codebook_for(program.workspace)[0]
    return [
        CodedExcerpt.objects.create(
            workspace=program.workspace,
            program=program,
            interview=interview,
            note=note,
            start=0,
            end=len(note.text),
            text=note.text,
            theme=theme,
            direction="loss_driver",
        )
        for note in interview.notes.order_by("pk")
    ]


def found(query: str) -> list[str]:
    return sorted(matching(CodedExcerpt.objects.all(), query).values_list("text", flat=True))


def test_words_are_found_by_their_stem_and_all_must_appear(excerpts):
    assert found("priced") == sorted([SAID[0], SAID[2]])  # pricing, price
    assert found("price onboarding") == [SAID[2]]
    assert found("price submarine") == []


def test_phrases_alternatives_and_left_out_words(excerpts):
    assert found('"security review"') == [SAID[1]]
    assert found('"review security"') == []
    assert found("procurement or onboarding") == sorted([SAID[1], SAID[2]])
    assert found("price -onboarding") == [SAID[0]]


def test_a_blank_query_keeps_everything_and_syntax_is_never_an_error(excerpts):
    assert len(found("   ")) == 3
    for hostile in ['"', "price*", "NEAR(a b)", "a AND", "-", "') OR 1=1 --", "col:price"]:
        matching(CodedExcerpt.objects.all(), hostile).count()  # no database error


def test_updates_and_deletes_keep_the_index_in_step(excerpts):
    first, second, _ = excerpts
    CodedExcerpt.objects.filter(pk=first.pk).update(text="[name] said nothing of money.")
    assert found("pricing") == [SAID[2]]
    assert found("money") == ["[name] said nothing of money."]
    second.delete()
    assert found("security") == []
    CodedExcerpt.objects.bulk_update([CodedExcerpt(pk=excerpts[2].pk, text="Renewal")], ["text"])
    assert found("renewal") == ["Renewal"]


def test_the_index_is_rebuilt_when_a_migration_dropped_it(excerpts):
    if connection.vendor == "postgresql":  # the test's rows check their keys at commit
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    uninstall(connection)
    install(connection)  # what runs after every migrate
    assert found("security review") == [SAID[1]]


def test_the_query_reads_the_same_on_both_databases():
    assert [t.text for t in terms_of('price "security review" or -renewal !!')] == [
        "price",
        "security review",
        "renewal",
    ]
    keep, leave = fts5_queries('price or cost "say ""no" -renewal')
    assert keep == '"price" OR "cost" AND "say " AND "no"'
    assert leave == '"renewal"'
