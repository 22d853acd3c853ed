import datetime as dt

from ninja import Router, Schema
from ninja.pagination import paginate

from winloss.accounts.access import get_workspace_object
from winloss.accounts.roles import Cap
from winloss.api_auth import require
from winloss.api_pagination import KeysetPagination

from .models import Program

router = Router(tags=["programs"])


class ProgramOut(Schema):
    id: int
    name: str
    objective: str
    status: str
    deal_types: list[str]
    product_lines: list[str]
    regions: list[str]
    industries: list[str]
    tiers: list[str]
    window_start: dt.date | None
    window_end: dt.date | None
    research_questions: list[str]
    target_sample_size: int
    interview_minutes: int
    cadence: str
    owner_email: str | None
    previous_wave_id: int | None
    version: int

    @staticmethod
    def resolve_owner_email(program: Program) -> str | None:
        return program.owner.email if program.owner else None


@router.get("", response=list[ProgramOut])
@paginate(KeysetPagination)
def list_programs(request):
    """The workspace's programs (waves), oldest first."""
    require(request, Cap.VIEW)
    return (
        Program.objects.filter(workspace=request.workspace).select_related("owner").order_by("id")
    )


@router.get("/{program_id}", response=ProgramOut)
def get_program(request, program_id: int):
    require(request, Cap.VIEW)
    return get_workspace_object(request, Program.objects.select_related("owner"), program_id)
