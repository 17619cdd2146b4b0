from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.errors import HttpError

from .. import selectors
from ..pagination import Keyset, PageParams
from ..schemas import AuthorityDetailOut, AuthorityPage, Message, Problems

router = Router(tags=["Local authorities"])

ORDER = Keyset((("name", str), ("gss_code", str)))
GSS_CODE_PATTERN = r"^[A-Z][0-9]{8}$"


@router.get(
    "",
    response={200: AuthorityPage, 422: Problems},
    summary="Local authorities since 2014",
    description="Every English authority with children's services since 2014, including those "
    "since merged or split, ordered by name. Statistics are on each authority's own endpoint.",
)
def list_authorities(request: HttpRequest, page: Query[PageParams]):
    return ORDER.page(selectors.authorities(), page)


@router.get(
    "/{gss_code}",
    response={200: AuthorityDetailOut, 404: Message, 422: Problems},
    summary="One local authority, with its projects and statistics",
    description="The children in need, child protection and children looked after rates by "
    "year beside England's, as on the authority's page, and the counts behind them. A count "
    "of children below 5 is null with status `small_number`.",
)
def get_authority(request: HttpRequest, gss_code: str = Path(..., pattern=GSS_CODE_PATTERN)):
    authority = selectors.authorities().filter(gss_code=gss_code).first()
    if authority is None:
        raise HttpError(404, "No local authority has that GSS code")
    return authority
