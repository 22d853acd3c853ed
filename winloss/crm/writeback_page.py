"""What the CRM page shows under "Writing findings back" (read by the page and its forms)."""

from winloss.accounts.access import WorkspaceRequest
from winloss.coding.queries import codebook_for
from winloss.interviews.models import Interview
from winloss.interviews.queries import VALIDATED

from .forms import WriteBackForm
from .models import CrmConnection, WriteBack

WRITES_LISTED = 30
INTERVIEWS_LISTED = 20


def write_back_context(request: WorkspaceRequest, form: WriteBackForm | None = None) -> dict:
    """What the CRM page shows under "Writing findings back"; empty without a connection."""
    connection = CrmConnection.objects.filter(workspace=request.workspace).first()
    if connection is None:
        return {}
    themes = codebook_for(request.workspace)
    validated = (
        Interview.objects.filter(VALIDATED, workspace=request.workspace)
        .select_related("entry__deal")
        .order_by("-validation__decided_at", "-pk")[:INTERVIEWS_LISTED]
    )
    return {
        "write_back_form": form or WriteBackForm(themes=themes, connection=connection),
        "writes": WriteBack.objects.filter(workspace=request.workspace).select_related(
            "interview__entry__deal"
        )[:WRITES_LISTED],
        "validated_interviews": validated,
    }
