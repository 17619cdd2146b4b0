from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.errors import HttpError

from .. import selectors
from ..pagination import Keyset, PageParams
from ..schemas import GrantOut, GrantPage, Message, Problems
from . import SLUG_PATTERN

router = Router(tags=["Grants"])

ORDER = Keyset((("project__slug", str),))


@router.get(
    "",
    response={200: GrantPage, 422: Problems},
    summary="Grants to published projects",
    description="Every grant the programme made whose project is published, ordered by the "
    "project's slug. Each grant is identified by its project.",
)
def list_grants(request: HttpRequest, page: Query[PageParams]):
    return ORDER.page(selectors.grants(), page)


@router.get(
    "/{project_slug}",
    response={200: GrantOut, 404: Message, 422: Problems},
    summary="The grant to one published project",
)
def get_grant(request: HttpRequest, project_slug: str = Path(..., pattern=SLUG_PATTERN)):
    grant = selectors.grants().filter(project__slug=project_slug).first()
    if grant is None:
        raise HttpError(404, "No grant to a published project has that slug")
    return grant
