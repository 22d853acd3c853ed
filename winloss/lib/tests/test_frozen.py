"""The rows of a frozen record see its condition through their path to it."""

from django.db.models import Q

from winloss.guides.models import GuideVersion, Question, Waiver
from winloss.lib.frozen import _through


def test_a_condition_seen_through_a_path_keeps_its_and_or_and_not():
    condition = Q(status="approved") | ~Q(number=1, status="draft")

    seen = _through(condition, "question__guide_version")

    assert seen == Q(question__guide_version__status="approved") | ~Q(
        question__guide_version__number=1, question__guide_version__status="draft"
    )


def test_rows_name_the_record_they_freeze_with():
    assert Question.frozen_parent() is GuideVersion
    assert Waiver.frozen_parent() is GuideVersion
    assert Waiver.frozen_condition() == Q(question__guide_version__status="approved")
