"""Second coders on a share of the validated interviews; kappa per theme, alpha overall,
the disagreements listed and settled; the figure on the program overview."""

import pytest

from winloss.accounts.roles import Role
from winloss.coding import services
from winloss.coding.agreement import services as agreement_services
from winloss.coding.models import SecondCoding, Settlement
from winloss.coding.queries import codebook_for
from winloss.coding.services import CodingError
from winloss.testing import make_interview

NOTES = [
    "Your price was far above budget.",
    "The demo showed every report we needed.",
    "Their rep answered within the hour.",
]


@pytest.fixture
def reviewer(people):
    return people[Role.REVIEWER]


def _code(interview, user, index, slug):
    note = interview.notes.order_by("question__position")[index]
    theme = next(t for t in codebook_for(interview.workspace) if t.slug == slug)
    services.code_excerpt(
        interview=interview,
        passage_key=f"note-{note.pk}",
        start=0,
        end=len(note.text),
        theme=theme,
        direction="neutral",
        user=user,
    )


def test_a_second_coder_gets_a_share_of_the_validated_interviews(program, analyst, reviewer):
    for _ in range(10):
        make_interview(program, ["A note."])
    make_interview(program, ["Not validated."], validated=False)
    made = agreement_services.assign_second_coder(
        program=program, coder=reviewer, share=0.2, user=analyst
    )
    assert len(made) == 2
    assert all(s.interview.validation.status == "signed_off" for s in made)
    with pytest.raises(CodingError, match="already has a second coder"):
        agreement_services.assign_second_coder(
            program=program, coder=reviewer, share=0.2, user=analyst
        )


def test_kappa_per_theme_and_alpha_come_from_the_double_coded_interviews(
    program, analyst, reviewer, client_for, workspace
):
    interview = make_interview(program, NOTES)
    SecondCoding.objects.create(
        workspace=workspace, program=program, interview=interview, coder=reviewer
    )
    _code(interview, analyst, 0, "pricing_commercial")
    _code(interview, reviewer, 0, "pricing_commercial")
    _code(interview, analyst, 1, "product_fit")
    _code(interview, reviewer, 1, "product_fit")
    _code(interview, analyst, 2, "sales_process")
    _code(interview, reviewer, 2, "messaging_positioning")
    result = agreement_services.agreement_for(program)
    assert (result.interviews, result.units) == (1, 3)
    assert result.kappas["pricing_commercial"] == 1.0 and result.kappas["product_fit"] == 1.0
    assert result.kappas["sales_process"] == 0.0
    assert 0 < result.alpha < 1
    [disagreement] = result.disagreements
    assert (disagreement.a, disagreement.b) == (["sales_process"], ["messaging_positioning"])

    url = f"/w/acme/programs/{program.pk}/code/agreement/"
    page = client_for(analyst).get(url).content.decode()
    assert "Krippendorff" in page and "Their rep answered within the hour." in page
    assert "Sales process quality" in page and "Messaging and positioning" in page

    sales = next(t for t in codebook_for(workspace) if t.slug == "sales_process")
    client_for(analyst).post(
        url + "settle/",
        {"interview": interview.pk, "passage": disagreement.key, "theme": [sales.pk]},
    )
    assert Settlement.objects.get().themes == ["sales_process"]
    assert agreement_services.agreement_for(program).disagreements == []
    assert "None: every double-coded passage" in client_for(analyst).get(url).content.decode()

    overview = client_for(analyst).get(f"/w/acme/programs/{program.pk}/").content.decode()
    assert "Krippendorff&#x27;s α" in overview or "Krippendorff's α" in overview


def test_the_second_coder_does_not_see_the_first_coding(
    program, analyst, reviewer, client_for, workspace
):
    interview = make_interview(program, NOTES)
    SecondCoding.objects.create(
        workspace=workspace, program=program, interview=interview, coder=reviewer
    )
    _code(interview, analyst, 0, "pricing_commercial")
    url = f"/w/acme/programs/{program.pk}/code/{interview.pk}/"
    assert 'class="theme-chip">Pricing' in client_for(analyst).get(url).content.decode()
    assert 'class="theme-chip">Pricing' not in client_for(reviewer).get(url).content.decode()


def test_the_assign_form_on_the_page(program, analyst, reviewer, client_for):
    for _ in range(5):
        make_interview(program, ["A note."])
    client_for(analyst).post(
        f"/w/acme/programs/{program.pk}/code/agreement/assign/",
        {"coder": reviewer.pk, "share": "20"},
    )
    assert SecondCoding.objects.filter(program=program, coder=reviewer).count() == 1
