from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.errors import HttpError

from .. import selectors
from ..pagination import Keyset, PageParams
from ..schemas import Message, OrganisationOut, OrganisationPage, Problems
from . import SLUG_PATTERN

router = Router(tags=["Organisations"])

ORDER = Keyset((("name", str), ("slug", str)))


@router.get(
    "",
    response={200: OrganisationPage, 422: Problems},
    summary="Organisations in published projects",
    description="Organisations that lead or partner in at least one published project, ordered "
    "by name.",
)
def list_organisations(request: HttpRequest, page: Query[PageParams]):
    return ORDER.page(selectors.organisations(), page)


@router.get(
    "/{slug}",
    response={200: OrganisationOut, 404: Message, 422: Problems},
    summary="One organisation in published projects",
)
def get_organisation(request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN)):
    organisation = selectors.organisations().filter(slug=slug).first()
    if organisation is None:
        raise HttpError(404, "No organisation in a published project has that slug")
    return organisation
