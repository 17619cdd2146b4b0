"""Spend: the programme's dashboard (/manage/spend/) for its managers and finance officers, and a
grant's schedule, payments and reported spend on the grant pages.

Anyone else gets 404 for the dashboard. A person who works on several programmes chooses one
(?programme=<id>); a programme they do not work on is 404 too.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.assessment.selectors.decisions import programmes_with_budget_for

from ..charts import render_grouped_bar_chart
from ..spend import FIGURES, SpendLine, grant_spend, programme_spend

CHART_NOTE = "Budget, awarded and approved, scheduled, approved, paid and forecast money."


def _chart(lines: list[SpendLine], *, title: str, id_prefix: str):
    return render_grouped_bar_chart(
        groups=[(line.name, line.figures) for line in lines],
        title=title,
        description=CHART_NOTE,
        id_prefix=id_prefix,
    )


@sign_in_required
@require_GET
@never_cache
def dashboard(request):
    programmes = list(programmes_with_budget_for(request.user).order_by("name", "pk"))
    if not programmes:
        raise Http404("No programme whose spending you may see")
    chosen = request.GET.get("programme")
    if chosen is not None:
        programme = next((each for each in programmes if str(each.pk) == chosen), None)
        if programme is None:
            raise Http404("No programme whose spending you may see has that number")
    elif len(programmes) == 1:
        programme = programmes[0]
    else:
        return render(request, "grants/spend/choose.html", {"programmes": programmes})
    spend = programme_spend(programme)
    return render(
        request,
        "grants/spend/dashboard.html",
        {
            "programme": programme,
            "spend": spend,
            "total_lines": [spend.total],
            "figures": FIGURES,
            "several_programmes": len(programmes) > 1,
            "years_chart": _chart(
                spend.years,
                title=f"{programme.name}: money in each financial year",
                id_prefix="spend-years",
            ),
            "rounds_chart": _chart(
                spend.rounds,
                title=f"{programme.name}: money in each round",
                id_prefix="spend-rounds",
            ),
        },
    )


def manage_section(request, grant) -> dict:
    """What the programme team's grant page shows of this part (template
    grants/manage/sections/_spend.html)."""
    return {"grant_spend": grant_spend(grant)}


def grantee_section(request, grant) -> dict:
    """What the grantee's grant page shows of this part (template
    grants/grantee/sections/_spend.html): the same figures, from their own returns."""
    return {"grant_spend": grant_spend(grant)}


manage_urlpatterns: list = [path("spend/", dashboard, name="spend")]
grantee_urlpatterns: list = []
