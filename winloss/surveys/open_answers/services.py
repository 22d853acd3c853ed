"""Writes: coding an open answer with a theme, and taking the code off again. Logged."""

from django.db import IntegrityError, transaction

from winloss.accounts.models import User
from winloss.activity.services import log_action
from winloss.coding.models import Direction, Theme

from ..models import SurveyCode, SurveyComment, SurveyError

__all__ = ["SurveyError", "code_answer", "uncode_answer"]


@transaction.atomic
def code_answer(
    *, comment: SurveyComment, theme: Theme, direction: str, user: User | None
) -> SurveyCode:
    """Code ``comment`` with ``theme`` as ``direction``; coding it again with the same theme
    changes the direction."""
    if theme.workspace_id != comment.response.workspace_id or not theme.is_active:
        raise SurveyError("Choose an active theme of this workspace's codebook.")
    if direction not in Direction.values:
        raise SurveyError("Choose whether it is a win driver, a loss driver or neutral.")
    code = SurveyCode.objects.filter(comment=comment, theme=theme).first()
    if code is None:
        try:
            with transaction.atomic():
                code = SurveyCode.objects.create(
                    comment=comment, theme=theme, direction=direction, coder=user
                )
        except IntegrityError:  # coded by someone else a moment ago
            code = SurveyCode.objects.get(comment=comment, theme=theme)
    if code.direction != direction:
        SurveyCode.objects.filter(pk=code.pk).update(direction=direction, coder=user)
        code.direction = direction
    log_action(
        comment.response,
        "survey.answer_coded",
        user=user,
        data={"theme": theme.name, "direction": code.get_direction_display().lower()},
    )
    return code


@transaction.atomic
def uncode_answer(*, code: SurveyCode, user: User | None) -> None:
    log_action(code.comment.response, "survey.answer_uncoded", user=user,
               data={"theme": code.theme.name})  # fmt: skip
    code.delete()
