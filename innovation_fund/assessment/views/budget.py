"""A programme's budget: envelope, awarded and remaining, for the programme, each round and each
financial year. For the programme's managers and finance officers; anyone else gets 404."""

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from innovation_fund.accounts.sessions import sign_in_required
from innovation_fund.core.dates import london_today
from innovation_fund.programmes.models import Programme
from innovation_fund.programmes.policies import may_manage_programme
from innovation_fund.programmes.totals import programme_totals

from ..budget import programme_overview
from ..selectors.decisions import programmes_with_budget_for


@sign_in_required
@require_GET
@never_cache
def budget(request, programme_pk):
    try:
        programme = programmes_with_budget_for(request.user).get(pk=programme_pk)
    except Programme.DoesNotExist:
        raise Http404("No programme whose budget you may see has that number") from None
    return render(
        request,
        "assessment/budget/overview.html",
        {
            "programme": programme,
            "overview": programme_overview(programme),
            # The budget page shows the figures, not the authorities covered.
            "totals": programme_totals(programme, on=london_today(), coverage=False),
            "may_set_year_budgets": may_manage_programme(request.user, programme),
        },
    )


urlpatterns = [
    path("manage/programmes/<int:programme_pk>/budget/", budget, name="budget"),
]
