import pytest

from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.deals import services
from winloss.deals.matching import CompetitorIndex, compact, normalise, product_name_pairs
from winloss.deals.models import Competitor, CompetitorAlias, Deal
from winloss.testing import make_deal


@pytest.fixture
def vector(workspace, people):
    return services.create_competitor(
        workspace=workspace,
        user=people[Role.ANALYST],
        name="Vector Solutions",
        aliases=["VectorSol"],
    )


def test_names_are_compared_without_case_punctuation_or_legal_suffixes():
    assert normalise("Vector Solutions, Inc.") == "vector solutions"
    assert normalise("Quantum Ledger Ltd") == "quantum ledger"
    assert normalise("Co") == "co"  # a name that is only a suffix stays
    assert compact("GTXPro") == compact("GTX Pro") == "gtxpro"


def test_a_legal_suffix_resolves_to_the_canonical_competitor(workspace, vector):
    index = CompetitorIndex(workspace)
    assert index.resolve("Vector Solutions Inc.") == vector.pk
    assert index.resolve("vectorsol") == vector.pk  # an alias
    assert index.resolve("Vectra Analytics") is None


def test_near_names_are_proposed_never_applied(workspace, vector):
    index = CompetitorIndex(workspace)
    [suggestion] = index.suggest("Vector Solution Group")
    assert suggestion.name == "Vector Solutions" and not suggestion.exact
    assert suggestion.score >= 80
    assert index.suggest("Brightline") == []


def test_merging_moves_deals_keeps_names_as_aliases_and_keeps_history(workspace, people, vector):
    duplicate = services.create_competitor(
        workspace=workspace, user=people[Role.ANALYST], name="Vector Soln", aliases=["VS"]
    )
    deal = make_deal(workspace, outcome="lost", primary_competitor=duplicate)
    duplicate_pk = duplicate.pk

    services.merge_competitors(source=duplicate, target=vector, user=people[Role.ANALYST])

    deal.refresh_from_db()
    assert deal.primary_competitor == vector
    assert not Competitor.objects.filter(pk=duplicate_pk).exists()
    aliases = set(vector.aliases.values_list("alias", flat=True))
    assert aliases == {"VectorSol", "Vector Soln", "VS"}
    assert LogEntry.objects.filter(object_id=duplicate_pk, action="competitor.created").exists()
    merged = LogEntry.objects.for_object(vector).get(action="competitor.merged")
    assert merged.data["deals"] == 1
    assert CompetitorIndex(workspace).resolve("Vector Soln") == vector.pk


def test_a_competitor_cannot_be_merged_into_itself(workspace, people, vector):
    with pytest.raises(services.DealError):
        services.merge_competitors(source=vector, target=vector, user=people[Role.ANALYST])


def test_product_spellings_that_differ_only_in_spacing_are_proposed_and_renamed(
    workspace, people, client_for
):
    for _ in range(3):
        make_deal(workspace, product="GTX Pro")
    make_deal(workspace, product="GTXPro")
    make_deal(workspace, product="GTX Plus Pro")
    [pair] = product_name_pairs(workspace)
    assert (pair.keep, pair.merge) == ("GTX Pro", "GTXPro")

    client = client_for(people[Role.ANALYST])
    assert "Rename “GTXPro” to “GTX Pro”" in client.get("/w/acme/deals/products/").content.decode()
    client.post("/w/acme/deals/products/rename/", {"old": "GTXPro", "new": "GTX Pro"})
    assert not Deal.objects.filter(product="GTXPro").exists()
    assert product_name_pairs(workspace) == []
    assert LogEntry.objects.filter(action="deals.product_renamed").count() == 1


def test_merge_from_the_competitor_page(workspace, people, client_for, vector):
    other = Competitor.objects.create(workspace=workspace, name="Vektor")
    client = client_for(people[Role.ANALYST])
    page = client.get(f"/w/acme/deals/competitors/{other.pk}/edit/").content.decode()
    assert "Merge “Vektor” into" in page
    client.post(f"/w/acme/deals/competitors/{other.pk}/merge/", {"target": vector.pk})
    assert CompetitorAlias.objects.filter(competitor=vector, alias="Vektor").exists()


def test_merging_moves_every_deal_that_met_the_source_and_keeps_one_link_each(
    workspace, people, vector
):
    duplicate = services.create_competitor(
        workspace=workspace, user=people[Role.ANALYST], name="Vector Soln"
    )
    met_source = make_deal(workspace, outcome="lost")
    met_both = make_deal(workspace, outcome="lost")
    met_source.competitors.add(duplicate)
    met_both.competitors.add(duplicate, vector)

    services.merge_competitors(source=duplicate, target=vector, user=people[Role.ANALYST])

    assert list(met_source.competitors.all()) == [vector]
    assert list(met_both.competitors.all()) == [vector]
