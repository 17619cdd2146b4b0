"""Finding the grant a page is about among those the person may see (anything else is 404),
and drawing a form page with its GOV.UK error summary: shared by every grant page."""

from django.http import Http404
from django.shortcuts import render

from innovation_fund.core.errors import error_summary_items

from ..models import Grant
from ..policies.grants import grants_of_grantee, grants_of_programme_team

RELATED = ("round__programme", "recipient", "project")


def grant_or_404(grants, pk: int, *, related=RELATED) -> Grant:
    """The grant made through this service with that id among `grants`, else 404."""
    try:
        return grants.filter(decision__isnull=False).select_related(*related).get(pk=pk)
    except Grant.DoesNotExist:
        raise Http404("No grant you can see has that number") from None


def team_grant_or_404(request, pk: int, *, related=RELATED) -> Grant:
    return grant_or_404(grants_of_programme_team(request.user), pk, related=related)


def grantee_grant_or_404(request, pk: int, *, related=RELATED) -> Grant:
    return grant_or_404(grants_of_grantee(request.user), pk, related=related)


def form_page(request, template: str, form, **context):
    return render(
        request,
        template,
        {
            "form": form,
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
            **context,
        },
    )
