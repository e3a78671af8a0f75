"""Dependencies shared by the routers: the one Service, and query-string filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, cast

from fastapi import Depends, HTTPException, Query, Request

from assistant.service import Service
from core.models import DocType, Filters


def get_service(request: Request) -> Service:
    """The Service built once at startup and kept on the app's state."""
    return cast(Service, request.app.state.service)


ServiceDep = Annotated[Service, Depends(get_service)]


def check_date_range(filters: Filters | None) -> Filters | None:
    """Reject a date range that ends before it starts; it would silently match nothing."""
    if filters and filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise HTTPException(
            status_code=422,
            detail=f"date_from ({filters.date_from}) is after date_to ({filters.date_to}).",
        )
    return filters


def query_filters(
    area: Annotated[list[str] | None, Query(description="Area name; repeat for several")] = None,
    doc_type: Annotated[
        list[DocType] | None, Query(description="Document type; repeat for several")
    ] = None,
    date_from: Annotated[dt.date | None, Query(description="Earliest date, YYYY-MM-DD")] = None,
    date_to: Annotated[dt.date | None, Query(description="Latest date, YYYY-MM-DD")] = None,
) -> Filters | None:
    """Build retrieval filters from query parameters; None when no filter is given."""
    filters = Filters(area=area, doc_type=doc_type, date_from=date_from, date_to=date_to)
    return None if filters.is_empty() else check_date_range(filters)


FiltersDep = Annotated[Filters | None, Depends(query_filters)]


def only_params(*allowed: str) -> Callable[[Request], None]:
    """A dependency that rejects unknown query parameters, so a typo is not silently ignored."""

    def check(request: Request) -> None:
        unknown = sorted(set(request.query_params) - set(allowed))
        if unknown:
            raise HTTPException(
                status_code=422,
                detail=f"Unknown query parameter(s): {', '.join(unknown)}. "
                f"Allowed: {', '.join(allowed)}.",
            )

    return check
