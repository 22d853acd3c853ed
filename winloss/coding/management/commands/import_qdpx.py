import json
from typing import Any

from winloss.accounts.models import Workspace
from winloss.coding.qdpx.reading import ProjectImportFailed, import_project
from winloss.lib.errors import errors_as_command_error

from ..past_interviews import ImportPastInterviews


class Command(ImportPastInterviews):
    help = (
        "Import a REFI-QDA project (.qdpx) as coded interviews of a program: winloss "
        "import-qdpx FILE --workspace SLUG --program NAME. Codes are matched to the codebook; "
        "nothing is saved when anything in the file cannot be imported."
    )
    file_help = "The .qdpx file"

    def run(self, *, workspace: Workspace, as_json: bool, **import_args: Any) -> Any:
        with errors_as_command_error():
            try:
                return import_project(workspace=workspace, **import_args)
            except ProjectImportFailed as error:
                if as_json:
                    out = {"error": str(error), "problems": error.problems}
                    self.stdout.write(json.dumps(out, ensure_ascii=False))
                raise
