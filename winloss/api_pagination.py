"""How every API list is paged: by id, a bounded page at a time, with a cursor to the next.

Offsets and totals make the database count and skip every earlier row (a workspace of
200,000 deals took seconds a call); a keyset cursor (``id > last seen``) costs the same on the
first page and the last, and no page is larger than ``MAX_PAGE_SIZE``, whatever is asked.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import CursorPagination

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class KeysetPagination(CursorPagination):
    """Django Ninja's cursor pagination over ``id``, with the house's names: ``items``, and
    ``limit`` for the page size (clamped to 1…``MAX_PAGE_SIZE``)."""

    items_attribute = "items"

    class Input(Schema):
        limit: int | None = Field(
            None, description=f"Items a page: {PAGE_SIZE} unless given, at most {MAX_PAGE_SIZE}"
        )
        cursor: str | None = Field(None, description="From `next` or `previous` of a page")

    class Output(Schema):
        items: list[Any]
        next: str | None = Field(..., description="The next page's address; null on the last")
        previous: str | None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            ordering=("pk",), page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs
        )

    # Our Input names the page size `limit`; ninja's own calls it `page_size`.
    def paginate_queryset(  # type: ignore[override]
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> Any:
        sized = CursorPagination.Input(page_size=pagination.limit, cursor=pagination.cursor)
        return super().paginate_queryset(queryset, sized, request, **params)
