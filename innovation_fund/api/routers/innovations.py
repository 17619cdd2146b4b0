from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.errors import HttpError

from .. import selectors
from ..pagination import Keyset, PageParams
from ..schemas import InnovationOut, InnovationPage, Message, Problems
from . import SLUG_PATTERN

router = Router(tags=["Innovations"])

ORDER = Keyset((("name", str), ("slug", str)))


@router.get(
    "",
    response={200: InnovationPage, 422: Problems},
    summary="Innovations and where they were taken up",
    description="Ordered by name. Adoptions through an unpublished project are left out.",
)
def list_innovations(request: HttpRequest, page: Query[PageParams]):
    return ORDER.page(selectors.innovations(), page)


@router.get(
    "/{slug}",
    response={200: InnovationOut, 404: Message, 422: Problems},
    summary="One innovation",
)
def get_innovation(request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN)):
    innovation = selectors.innovations().filter(slug=slug).first()
    if innovation is None:
        raise HttpError(404, "No innovation has that slug")
    return innovation
