from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.errors import HttpError

from .. import selectors
from ..pagination import Keyset, PageParams
from ..schemas import Message, Problems, RoundOut, RoundPage
from . import SLUG_PATTERN

router = Router(tags=["Rounds"])

ORDER = Keyset((("number", int), ("pk", int)))


@router.get(
    "",
    response={200: RoundPage, 422: Problems},
    summary="Published funding rounds",
    description="Ordered by number. Demonstration rounds, made for trying the service, are "
    "left out.",
)
def list_rounds(request: HttpRequest, page: Query[PageParams]):
    return ORDER.page(selectors.rounds(), page)


@router.get(
    "/{slug}",
    response={200: RoundOut, 404: Message, 422: Problems},
    summary="One published funding round",
)
def get_round(request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN)):
    funding_round = selectors.rounds().filter(slug=slug).order_by("programme_id").first()
    if funding_round is None:
        raise HttpError(404, "No published round has that slug")
    return funding_round
