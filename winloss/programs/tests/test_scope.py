import datetime as dt

from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.programs.models import Program
from winloss.testing import make_program


def _scope_form(program, **changes):
    data = {
        "name": program.name,
        "objective": program.objective,
        "deal_types": list(program.deal_types),
        "window_start": program.window_start.isoformat(),
        "window_end": program.window_end.isoformat(),
        "target_sample_size": program.target_sample_size,
        "cadence": program.cadence,
        "status": program.status,
        "version": program.version,
    }
    data.update(changes)
    return data


def test_scope_change_is_saved_and_written_to_the_program_log(workspace, people, client_for):
    program = make_program(workspace)
    client = client_for(people[Role.OWNER])
    url = f"/w/{workspace.slug}/programs/{program.pk}/scope/edit/"

    response = client.post(url, _scope_form(program, objective="Why do we lose to Vector?"))

    assert response.status_code == 302
    program.refresh_from_db()
    assert program.objective == "Why do we lose to Vector?"
    assert program.version == 2
    entry = LogEntry.objects.for_object(program).get(action="program.scope_changed")
    assert entry.user == people[Role.OWNER]
    assert entry.changes["objective"] == [
        "Learn why enterprise deals are won and lost.",
        "Why do we lose to Vector?",
    ]
    log_page = client.get(f"/w/{workspace.slug}/programs/{program.pk}/log/").content.decode()
    assert "changed the scope of" in log_page and "Why do we lose to Vector?" in log_page


def test_stale_scope_edit_is_refused_and_the_typed_text_is_shown_back(
    workspace, people, client_for
):
    program = make_program(workspace)
    stale_form = _scope_form(program, objective="My careful rewrite of the objective")
    # Someone else saves first.
    client_for(people[Role.ADMIN]).post(
        f"/w/{workspace.slug}/programs/{program.pk}/scope/edit/",
        _scope_form(program, target_sample_size=30),
    )

    client = client_for(people[Role.OWNER])
    response = client.post(f"/w/{workspace.slug}/programs/{program.pk}/scope/edit/", stale_form)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this while you were editing" in page
    assert "My careful rewrite of the objective" in page  # the typed text, kept
    assert "What is saved now" in page
    program.refresh_from_db()
    assert program.objective == "Learn why enterprise deals are won and lost."
    assert program.target_sample_size == 30
    # The form now carries the saved version: saving again after review goes through.
    assert f'name="version" value="{program.version}"' in page
    resubmit = _scope_form(program, objective="My careful rewrite of the objective")
    assert (
        client.post(f"/w/{workspace.slug}/programs/{program.pk}/scope/edit/", resubmit).status_code
        == 302
    )
    program.refresh_from_db()
    assert program.objective == "My careful rewrite of the objective"


def test_window_ending_before_it_starts_is_refused_with_the_field_named(
    workspace, people, client_for
):
    program = make_program(workspace)
    response = client_for(people[Role.OWNER]).post(
        f"/w/{workspace.slug}/programs/{program.pk}/scope/edit/",
        _scope_form(program, window_end="2024-01-01"),
    )
    assert "The window must end on or after its start." in response.content.decode()
    program.refresh_from_db()
    assert program.window_end == dt.date(2025, 3, 31)


def test_new_program_is_created_and_logged(workspace, people, client_for):
    client = client_for(people[Role.OWNER])
    response = client.post(
        f"/w/{workspace.slug}/programs/new/",
        {
            "name": "Q3 enterprise losses",
            "objective": "Find out why enterprise deals are lost.",
            "deal_types": ["lost", "no_decision"],
            "window_start": "2025-07-01",
            "window_end": "2025-09-30",
            "target_sample_size": 25,
            "cadence": "quarterly",
            "status": "draft",
        },
    )
    program = Program.objects.get(name="Q3 enterprise losses")
    assert response.status_code == 302
    assert LogEntry.objects.for_object(program).filter(action="program.created").exists()


def test_overview_shows_a_card_for_every_step_the_role_may_open(workspace, people, client_for):
    from winloss.programs.steps import STEPS

    program = make_program(workspace)
    url = f"/w/{workspace.slug}/programs/{program.pk}/"
    team = client_for(people[Role.ANALYST]).get(url).content.decode()
    for step in STEPS:
        assert f">{step.nav}</a></h3>" in team
    stakeholder = client_for(people[Role.STAKEHOLDER]).get(url).content.decode()
    shown = [step.nav for step in STEPS if f">{step.nav}</a></h3>" in stakeholder]
    assert shown == ["Scope", "Report", "Actions"]


def test_the_step_navigation_marks_only_the_page_you_are_on(workspace, people, client_for):
    program = make_program(workspace)
    client = client_for(people[Role.OWNER])
    base = f"/w/{workspace.slug}/programs/{program.pk}/"
    overview = client.get(base).content.decode()
    assert 'aria-current="page">Overview' in overview
    log = client.get(base + "log/").content.decode()
    assert 'aria-current="page"' not in log.split('aria-label="SOP steps"')[1].split("</nav>")[0]
    scope = client.get(base + "scope/").content.decode()
    assert 'aria-current="page">Scope' in scope and 'aria-current="page">Overview' not in scope


def test_the_interview_length_is_part_of_the_scope_and_its_log(client_for, people, workspace):
    program = make_program(workspace, name="Length")
    client = client_for(people[Role.OWNER])
    client.post(
        f"/w/{workspace.slug}/programs/{program.pk}/scope/edit/",
        _scope_form(program, interview_minutes=45),
    )
    program.refresh_from_db()
    assert program.interview_minutes == 45
    page = client.get(f"/w/{workspace.slug}/programs/{program.pk}/scope/").content.decode()
    assert "45 minutes" in page
    refused = client.post(
        f"/w/{workspace.slug}/programs/{program.pk}/scope/edit/",
        _scope_form(program, interview_minutes=500, version=program.version),
    )
    assert "Ensure this value is less than or equal to 180" in refused.content.decode()


def test_the_fewest_interviews_per_outcome_is_set_in_the_scope(workspace, people, client_for):
    program = make_program(workspace)
    client = client_for(people[Role.OWNER])
    url = f"/w/{workspace.slug}/programs/{program.pk}/scope/edit/"
    assert client.post(url, _scope_form(program, min_per_outcome=8)).status_code == 302
    program.refresh_from_db()
    assert program.min_per_outcome == 8
    entry = LogEntry.objects.for_object(program).get(action="program.scope_changed")
    assert entry.changes["min_per_outcome"] == [5, 8]
    page = client.post(url, _scope_form(program, min_per_outcome=0))
    assert "At least 1 interview per outcome." in page.content.decode()


def test_a_new_programs_overview_links_to_the_import_for_those_who_may_import(
    workspace, people, client_for
):
    program = make_program(workspace)  # no deals in the workspace yet
    url = f"/w/{workspace.slug}/programs/{program.pk}/"
    link = f'<a href="/w/{workspace.slug}/deals/import/?program={program.pk}">Import deals'
    page = client_for(people[Role.OWNER]).get(url).content.decode()
    assert "No closed deals match the scope yet." in page and link in page
    # A coordinator sees the same next step, but may not import: no link to a refusal.
    page = client_for(people[Role.COORDINATOR]).get(url).content.decode()
    assert "Import deals from the CRM" in page and link not in page
