"""What the analysis keeps of its own: the buying criteria the team expected to win on."""

from django.conf import settings
from django.db import models

from winloss.accounts.models import Workspace


class ExpectedCriterion(models.Model):
    """A theme the team expected buyers to decide on (SOP step 8's non-conformance check:
    what we expected against what buyers said mattered)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="expected_criteria"
    )
    theme = models.ForeignKey("coding.Theme", on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["theme__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "theme"], name="one_expectation_per_theme")
        ]

    def __str__(self) -> str:
        return f"{self.theme} expected in {self.program}"
