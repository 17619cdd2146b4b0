from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from innovation_fund.public.forms import ProjectSearchForm

from .. import selectors
from ..pagination import Keyset, PageParams, form_problems
from ..schemas import Message, Problems, ProjectOut, ProjectPage
from . import SLUG_PATTERN

router = Router(tags=["Projects"])

ORDER = Keyset((("name", str), ("slug", str)))


class ProjectFilterParams(Schema):
    """The project directory's filters, with the same names and values as its address."""

    q: str | None = Field(
        None,
        description="Words to search for (up to 10): each must appear in the project's name, "
        "summary, organisations, places, innovation or focus area.",
    )
    round: str | None = Field(None, description="A round's slug, such as round-2.")
    focus_area: str | None = Field(
        None,
        description="A focus or policy area's slug with its round, such as "
        "round-1-rethinking-childrens-social-work.",
    )
    region: str | None = Field(None, description="A region's GSS code, such as E12000007.")
    local_authority: str | None = Field(
        None, description="A local authority's slug: projects it led, partnered or hosted."
    )
    organisation_type: str | None = Field(
        None, description="The lead organisation's type, such as charity or local_authority."
    )
    innovation: str | None = Field(None, description="An innovation's slug.")


@router.get(
    "",
    response={200: ProjectPage, 422: Problems},
    summary="Published projects",
    description="Ordered by name. Filters combine: a project must match all of them. A value "
    "that is not one of the directory's answers 422, naming the filter.",
)
def list_projects(
    request: HttpRequest, filters: Query[ProjectFilterParams], page: Query[PageParams]
):
    given = {name: value for name, value in filters.model_dump().items() if value}
    if not given:
        # The list without filters needs none of the queries that fill the form's choices.
        return ORDER.page(selectors.projects(), page)
    form = ProjectSearchForm(given)
    if not form.is_valid():
        raise form_problems(form)
    return ORDER.page(selectors.projects(form.filters()), page)


@router.get(
    "/{slug}",
    response={200: ProjectOut, 404: Message, 422: Problems},
    summary="One published project",
)
def get_project(request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN)):
    project = selectors.projects().filter(slug=slug).first()
    if project is None:
        raise HttpError(404, "No published project has that slug")
    return project
