"""Staff read and enter times in their own zone: their profile's, else the workspace's."""

import datetime as dt

from django.utils import timezone

from winloss.activity.models import LogEntry
from winloss.outreach.models import AppointmentStatus, Availability


def _url(program_id: int, tail: str) -> str:
    return f"/w/acme/programs/{program_id}/schedule/{tail}"


def test_an_interviewer_enters_availability_in_the_zone_of_their_profile(
    client_for, interviewer, sample
):
    interviewer.timezone = "America/New_York"
    interviewer.save()
    client = client_for(interviewer)
    url = _url(sample.program_id, "availability/")
    client.post(url, {"day": "2027-03-16", "start": "09:00", "end": "12:00"})
    window = Availability.objects.get(interviewer=interviewer)
    # 16 March is after the US switch to summer time: 09:00 EDT is 13:00 UTC.
    assert window.starts_at == dt.datetime(2027, 3, 16, 13, 0, tzinfo=dt.UTC)
    page = client.get(url).content.decode()
    assert "Times are in <strong>America/New_York</strong>" in page
    assert "Tuesday 16 March 2027, 09:00–12:00 EDT" in page


def test_without_a_zone_of_their_own_staff_read_the_workspaces(
    client_for, people, appointment, workspace
):
    workspace.timezone = "Asia/Kolkata"
    workspace.save()
    day = (timezone.now() + dt.timedelta(days=3)).date()
    appointment.status = AppointmentStatus.SCHEDULED
    appointment.starts_at = dt.datetime.combine(day, dt.time(14, 30), dt.UTC)
    appointment.respondent_timezone = "America/St_Johns"
    appointment.save()
    client = client_for(people["coordinator"])
    shown = f"{day:%A} {day.day} {day:%B %Y}"
    calendar = client.get(_url(appointment.program_id, "calendar/")).content.decode()
    assert "Times in Asia/Kolkata" in calendar
    assert f"{shown}</h4>" in calendar and "20:00 ·" in calendar
    listed = client.get(_url(appointment.program_id, "")).content.decode()
    assert "When (Asia/Kolkata)" in listed and f"{day.day} {day:%b %Y} 20:00" in listed
    detail = client.get(_url(appointment.program_id, f"{appointment.entry_id}/")).content.decode()
    assert f"{shown}, 20:00 (Asia/Kolkata)" in detail
    assert "The buyer's time: " in detail and "(America/St_Johns)" in detail

    people["coordinator"].timezone = "Europe/Berlin"
    people["coordinator"].save()
    calendar = client.get(_url(appointment.program_id, "calendar/")).content.decode()
    assert "Times in Europe/Berlin" in calendar


def test_a_person_chooses_their_zone_on_their_profile_and_it_is_logged(client_for, people):
    client = client_for(people["analyst"])
    client.post("/accounts/profile/", {"name": "Ann Analyst", "timezone": "Asia/Kolkata"})
    people["analyst"].refresh_from_db()
    assert people["analyst"].timezone == "Asia/Kolkata"
    assert LogEntry.objects.filter(action="user.time_zone_changed").count() == 1
    refused = client.post("/accounts/profile/", {"name": "Ann", "timezone": "Mars/Base"})
    assert "Select a valid choice" in refused.content.decode()
    people["analyst"].refresh_from_db()
    assert people["analyst"].timezone == "Asia/Kolkata"


def test_a_workspace_admin_sets_the_workspaces_zone(client_for, people, workspace):
    client = client_for(people["admin"])
    client.post("/w/acme/members/time-zone/", {"timezone": "Europe/Berlin"})
    workspace.refresh_from_db()
    assert workspace.timezone == "Europe/Berlin"
    assert LogEntry.objects.filter(action="workspace.time_zone_changed").count() == 1
    page = client.get("/w/acme/members/").content.decode()
    assert '<option value="Europe/Berlin" selected>' in page


def test_the_interviews_list_names_the_zone_of_its_times(client_for, interviewer, appointment):
    interviewer.timezone = "America/New_York"
    interviewer.save()
    appointment.status = AppointmentStatus.SCHEDULED
    appointment.starts_at = dt.datetime(2027, 1, 12, 15, 30, tzinfo=dt.UTC)
    appointment.save()
    url = f"/w/acme/programs/{appointment.program_id}/interviews/"
    page = client_for(interviewer).get(url).content.decode()
    assert "Scheduled (America/New_York)</th>" in page and "12 Jan 2027 10:30" in page
