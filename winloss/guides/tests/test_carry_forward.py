import datetime as dt

from winloss.activity.models import LogEntry
from winloss.guides.models import GuideStatus
from winloss.programs.waves import start_next_wave
from winloss.testing import make_guide, make_program


def _monthly(workspace, **overrides):
    return make_program(
        workspace,
        cadence="monthly",
        window_start=dt.date(2025, 5, 1),
        window_end=dt.date(2025, 5, 31),
        **overrides,
    )


def test_a_wave_without_an_approved_guide_passes_on_the_one_before_it(workspace, people):
    first = _monthly(workspace, name="Review — wave of May 2025")
    make_guide(first, ["What mattered most?"], approved=True)
    second = start_next_wave(first, user=people["owner"])
    second.guide_versions.all().delete()  # its draft was dropped before approval
    make_guide(second, ["A draft never approved"])
    third = start_next_wave(second, user=people["owner"])
    version = third.guide_versions.get()
    assert version.status == GuideStatus.DRAFT and version.number == 1
    assert [q.text for q in version.questions.all()] == ["What mattered most?"]
    assert LogEntry.objects.for_object(third).filter(action="guide.carried_forward").exists()


def test_a_wave_after_one_with_no_guide_starts_without_one(workspace, people):
    wave = start_next_wave(_monthly(workspace, name="Review"), user=people["owner"])
    assert not wave.guide_versions.exists()
