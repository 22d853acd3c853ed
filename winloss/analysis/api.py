from ninja import Router

from winloss.accounts.access import get_workspace_object
from winloss.accounts.roles import Cap
from winloss.api_auth import require
from winloss.programs.models import Program

from .figures import analysis
from .scope import FILTERS, Scope

router = Router(tags=["analysis"])


@router.get("/{program_id}/analysis")
def program_analysis(request, program_id: int):
    """The figures of the Analyse page: drivers, cuts, perception gap, competitors, trends.
    Filter with the query parameters the page uses (outcome, region, …)."""
    require(request, Cap.VIEW_EVIDENCE)
    program = get_workspace_object(request, Program.objects.all(), program_id)
    filters = {k: request.GET[k] for k in FILTERS if request.GET.get(k)}
    return analysis(Scope(program, filters))
