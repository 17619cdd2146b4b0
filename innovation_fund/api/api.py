"""The read-only JSON API, version 1, described by OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

from .reference import GovukReference
from .routers import (
    authorities,
    grant_search,
    grants,
    innovations,
    organisations,
    projects,
    rounds,
)


class ReadOnlyAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """`list_projects`, `get_project`: each view's name, which is unique across the API."""
        return operation.view_func.__name__


OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

api = ReadOnlyAPI(
    title="Children's Social Care Innovation Programme API",
    version="1",
    description=(
        "Read-only JSON about the programme's published projects, grants, funding rounds, "
        "organisations, local authorities and innovations: the same records as the Projects "
        "and Insights pages, and only published ones. No key is needed.\n\n"
        "Lists are paged by cursor: pass a page's `next_cursor` as `cursor` to get the next; "
        "it is null on the last page. `limit` is 1 to 100 (20 if left out). Money is in "
        "integer pence, dates are ISO 8601, and unknown values are null.\n\n"
        "Counts of children below 5 are suppressed (null, status `small_number`), as in "
        "Department for Education statistics.\n\n"
        f"Licence: the data is under the [Open Government Licence v3.0]({OGL}). It comes from "
        "the Department for Education's published announcements, evaluations and statistics "
        "and from the ONS; each source is listed on the site's About the data page. Contains "
        "National Statistics data © Crown copyright and database right."
    ),
    urls_namespace="api",
    # /api/v1/docs is a GOV.UK page made from this description, not Swagger UI (decision 0011).
    docs=GovukReference(),
    openapi_extra={"info": {"license": {"name": "Open Government Licence v3.0", "url": OGL}}},
)

api.add_router("/projects", projects.router)
api.add_router("/grants", grants.router)
api.add_router("/grant-search", grant_search.router)
api.add_router("/rounds", rounds.router)
api.add_router("/organisations", organisations.router)
api.add_router("/local-authorities", authorities.router)
api.add_router("/innovations", innovations.router)
