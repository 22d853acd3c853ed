"""The evidence library's own records: the searches people keep to run again."""

from django.conf import settings
from django.db import models

from winloss.accounts.models import Workspace


class SavedSearch(models.Model):
    """A search someone named, kept as the query string of its filters ("q=price&theme=…"):
    opening it runs the search again over whatever has been coded since."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    query = models.CharField(max_length=2000, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "owner", "name"], name="saved_search_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name
