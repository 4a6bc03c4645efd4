"""One pagination for every list: limit and offset, at most 100 rows a page."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

MAX_LIMIT = 100
DEFAULT_LIMIT = 25
# Deeper offsets are not useful to anyone and would only make the database work.
MAX_OFFSET = 1_000_000


@dataclass
class Rows:
    """A list's rows (a queryset or a list) and how one row becomes JSON; only the page is converted."""

    source: QuerySet | list
    convert: Callable[[Any], dict]

    def page(self, offset: int, limit: int) -> list[dict]:
        return [self.convert(row) for row in self.source[offset : offset + limit]]

    def count(self) -> int:
        return self.source.count() if isinstance(self.source, QuerySet) else len(self.source)


class Pagination(PaginationBase):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Rader per sida (högst 100).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Hur många rader som hoppas över.")

    class Output(Schema):
        items: list[Any]
        count: int = Field(..., description="Antal rader totalt.")
        limit: int
        offset: int

    def paginate_queryset(
        self, queryset: Rows, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict:
        offset, limit = pagination.offset, pagination.limit
        return {
            "items": queryset.page(offset, limit),
            "count": queryset.count(),
            "limit": limit,
            "offset": offset,
        }
