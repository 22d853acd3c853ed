"""Moving through the interview in a real browser: nothing typed is left behind by Next or by
Complete, and over a slow connection a question arrives without a page load."""

import time

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in, screenshot
from winloss.escalations.models import Escalation
from winloss.interviews import services
from winloss.interviews.models import Interview, InterviewStatus, Note
from winloss.testing import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def interview(guide, consented, interviewer):
    return services.start_interview(consented, user=interviewer)


def _url(interview, q: int = 1) -> str:
    base = f"/w/{interview.workspace.slug}/programs/{interview.program_id}/interviews/"
    return f"{base}{interview.pk}/?q={q}"


def _saved(interview, number: int | None, kind: str = "quote") -> str:
    questions = list(interview.guide_version.questions.order_by("position"))
    question = questions[number - 1] if number else None
    note = Note.objects.filter(interview=interview, question=question, kind=kind).first()
    return note.text if note else ""


def _eventually(check, seconds: float = 10.0):
    """The server's copy, polled: the browser saves asynchronously."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def test_a_note_typed_just_before_next_is_saved(browser_page, live_server, interview, interviewer):
    page = browser_page
    log_in(page, live_server, interviewer.email, PASSWORD)
    page.goto(_url(interview))
    quote = page.get_by_label("Verbatim quote")
    quote.click()
    page.keyboard.type("Price was close; onboarding decided it.")
    page.keyboard.press("Alt+ArrowRight")  # at once, well inside the pause before autosave
    expect(page.locator(".question-progress")).to_contain_text("Question 2 of 3")
    assert _eventually(lambda: _saved(interview, 1) == "Price was close; onboarding decided it.")
    expect(page.get_by_role("status")).to_have_text("All changes saved")
    page.keyboard.press("Alt+ArrowLeft")
    expect(page.get_by_label("Verbatim quote")).to_have_value(
        "Price was close; onboarding decided it."
    )


def test_over_a_slow_connection_questions_change_without_a_page_load(
    browser_page, live_server, interview, interviewer
):
    page = browser_page
    log_in(page, live_server, interviewer.email, PASSWORD)
    page.goto(_url(interview))
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    # A poor mobile connection: half a second each way and a trickle of bandwidth.
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 500,
            "downloadThroughput": 40_000,
            "uploadThroughput": 20_000,
        },
    )
    documents = []
    page.on("request", lambda r: documents.append(r.url) if r.resource_type == "document" else None)
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Verbatim quote").click()
    page.keyboard.type("We compared three vendors.")
    page.keyboard.press("Alt+ArrowRight")
    heading = page.locator("#question-text")
    expect(heading).to_have_text("What mattered most when you compared the options?")
    expect(page.locator(".question-progress")).to_contain_text("Question 2 of 3")
    assert page.url.endswith("?q=2")
    expect(page.get_by_label("Verbatim quote")).to_be_focused()  # ready to type, no mouse
    page.keyboard.type("Onboarding time")
    page.keyboard.press("Alt+2")
    page.keyboard.type("They asked for two references.")
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator(".question-progress")).to_contain_text("Question 3 of 3")

    assert page.evaluate("window.stillTheSamePage") is True
    assert documents == []  # no page was loaded: only the question's block came
    assert _saved(interview, 1) == "We compared three vendors."
    assert _saved(interview, 2) == "Onboarding time"
    assert _saved(interview, 2, "fact") == "They asked for two references."
    screenshot(page, "interview-slow-connection")

    page.go_back()  # the browser's Back goes to the previous question, as a link would
    expect(page.locator(".question-progress")).to_contain_text("Question 2 of 3")
    expect(page.get_by_label("Observed fact")).to_have_value("They asked for two references.")


def test_completion_waits_for_every_note_to_be_saved(
    browser_page, live_server, interview, interviewer, page_problems
):
    first = interview.guide_version.questions.order_by("position").first()
    services.save_note(
        interview,
        question_id=first.pk,
        kind="quote",
        text="Saved",
        base_version=0,
        user=interviewer,
    )
    page = browser_page
    log_in(page, live_server, interviewer.email, PASSWORD)
    page.goto(_url(interview, 4))
    # The server is out of reach for the autosave (a dead corporate proxy, a tunnel).
    page.route("**/notes/", lambda route: route.abort())
    page.get_by_label("Verbatim quote").fill("In the end they trusted the other team more.")
    page.get_by_role("button", name="Complete the interview").click()
    expect(page.get_by_role("status")).to_contain_text("Not completed")
    time.sleep(0.5)
    assert Interview.objects.get(pk=interview.pk).status == InterviewStatus.IN_PROGRESS

    # The refused saves are this test's point, not a problem of the page.
    page_problems[:] = [p for p in page_problems if "/notes/" not in p]
    page.unroute("**/notes/")
    with page.expect_navigation():
        page.get_by_role("button", name="Complete the interview").click()
    expect(page.locator(".flash-success")).to_contain_text("Interview completed")
    assert _saved(interview, None) == "In the end they trusted the other team more."
    assert Interview.objects.get(pk=interview.pk).status == InterviewStatus.COMPLETED


def test_the_interviewer_flags_what_was_just_said_as_urgent(
    browser_page, live_server, interview, interviewer, people
):
    program = interview.program
    program.owner = people["owner"]
    program.save()
    page = browser_page
    log_in(page, live_server, interviewer.email, PASSWORD)
    page.goto(_url(interview))
    expect(page.locator(".interview-who")).to_contain_text("Buyer")
    expect(page.locator(".opening-statement")).to_contain_text("This is not a sales call")
    quote = page.get_by_label("Verbatim quote")
    quote.click()
    page.keyboard.type("Your rep promised SSO in writing; it was never there.")
    quote.evaluate("area => area.setSelectionRange(0, 32)")
    page.keyboard.press("Alt+u")
    flag = page.locator("#urgent-flag")
    # The words selected in the note are what the flag quotes.
    expect(flag.get_by_label("What the respondent said")).to_have_value(
        "Your rep promised SSO in writing"
    )
    flag.get_by_label("Kind of issue").select_option("misrepresentation")
    with page.expect_navigation():
        flag.get_by_role("button", name="Flag as urgent").click()
    expect(page.locator(".flash-success")).to_contain_text("Flagged as urgent")
    escalation = Escalation.objects.get()
    assert (
        escalation.owner == people["owner"]
        and escalation.passage == "Your rep promised SSO in writing"
    )
    # The note typed before flagging was saved before the page changed.
    assert _saved(interview, 1) == "Your rep promised SSO in writing; it was never there."


def test_without_javascript_the_questions_and_notes_still_work(
    chromium, live_server, interview, interviewer
):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, interviewer.email, PASSWORD)
    page.goto(_url(interview))
    page.get_by_label("Verbatim quote").fill("Plain form, no script.")
    page.locator(".note-quote").get_by_role("button", name="Save").click()
    expect(page.locator(".flash-success")).to_contain_text("Saved.")
    page.get_by_role("link", name="Next →").click()
    expect(page.locator(".question-progress")).to_contain_text("Question 2 of 3")
    assert _saved(interview, 1) == "Plain form, no script."
    context.close()
