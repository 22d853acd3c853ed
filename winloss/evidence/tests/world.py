"""The evidence library's test data: the report's three respondents (named, anonymous, not
quotable) in a first wave, and a second wave with a transcript whose turns are the buyer's and
the interviewer's."""

import datetime as dt

from winloss.coding.models import CodedExcerpt
from winloss.coding.queries import codebook_for
from winloss.deals.models import Competitor
from winloss.outreach.services import ConsentAnswers, begin_appointment, record_consent
from winloss.programs.models import Program
from winloss.reports.models import Report, ReportVersion
from winloss.reports.tests.world import report_program
from winloss.testing import make_interview, make_program


def consent(interview, attribution: str) -> None:
    interview.appointment = begin_appointment(interview.entry)
    interview.save(update_fields=["appointment"])
    record_consent(
        interview.appointment,
        ConsentAnswers(True, True, True, attribution),
        given_by="respondent",
    )


def code(interview, *, text: str, theme: str, direction: str, **passage) -> CodedExcerpt:
    themes = {t.slug: t for t in codebook_for(interview.workspace)}
    return CodedExcerpt.objects.create(
        workspace=interview.workspace,
        program=interview.program,
        interview=interview,
        start=0,
        end=len(text),
        text=text,
        theme=themes[theme],
        direction=direction,
        **passage,
    )


def second_wave(first: Program) -> tuple[Program, dict[str, CodedExcerpt]]:
    """The next wave: a buyer's transcript turn, the interviewer's turn, an unvalidated
    interview's words and a quoted note that names a competitor."""
    wave = make_program(
        first.workspace,
        name="Q2 wave",
        previous_wave=first,
        window_start=dt.date(2025, 4, 1),
        window_end=dt.date(2025, 6, 30),
    )
    rival = Competitor.objects.create(workspace=first.workspace, name="Vector")
    call = make_interview(
        wave, [("fact", "Call held.")], outcome="won", respondent_role="evaluator"
    )
    entry = call.entry
    entry.segment = "Mid-market"
    entry.save(update_fields=["segment"])
    deal = entry.deal
    deal.region, deal.primary_competitor = "EMEA", rival
    deal.save(update_fields=["region", "primary_competitor"])
    consent(call, "anonymous")
    transcript = call.transcripts.create(
        format="webvtt", filename="call.vtt", speaker_map={"Bo": "respondent", "Ivy": "interviewer"}
    )
    said = transcript.turns.create(
        position=1, speaker="Bo", start=0, end=5, text="The onboarding plan won us over."
    )
    asked = transcript.turns.create(
        position=2, speaker="Ivy", start=5, end=9, text="So onboarding decided it for you?"
    )
    pending = make_interview(wave, ["Onboarding was slow."], validated=False)
    consent(pending, "named")
    quote = call.notes.create(kind="quote", text="=HYPERLINK(onboarding) beat Vector's offer")
    return wave, {
        "buyer": code(
            call, text=said.text, theme="product_fit", direction="win_driver", transcript_turn=said
        ),
        "interviewer": code(
            call, text=asked.text, theme="product_fit", direction="neutral", transcript_turn=asked
        ),
        "pending": code(
            pending,
            text="Onboarding was slow.",
            theme="product_fit",
            direction="loss_driver",
            note=pending.notes.get(),
        ),
        "formula": code(
            call,
            text=quote.text,
            theme="competitive_displacement",
            direction="win_driver",
            note=quote,
        ),
    }


def library_world(workspace, people) -> tuple[Program, Program, dict[str, CodedExcerpt]]:
    first, excerpts = report_program(workspace, people)
    wave, more = second_wave(first)
    return first, wave, {**excerpts, **more}


def publish(program: Program) -> None:
    """A published version of the program's report (its content is not what is tested)."""
    report, _ = Report.objects.get_or_create(
        workspace=program.workspace, program=program, defaults={"title": "Report"}
    )
    ReportVersion.objects.create(report=report, number=1, content={}, checksum="")
