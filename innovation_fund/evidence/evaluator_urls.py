"""The evaluator's pages, under /evaluate/: their evaluations, plans, reports, documents,
findings and costs and benefits."""

from django.urls import path

from . import cost_benefit_views, evaluator_views, finding_views

app_name = "evaluator"

urlpatterns = [
    path("", evaluator_views.home, name="home"),
    path("evaluations/<int:pk>/", evaluator_views.evaluation, name="evaluation"),
    path("evaluations/<int:pk>/plan/", evaluator_views.plan, name="plan"),
    path("evaluations/<int:pk>/plan/submit/", evaluator_views.plan_submit, name="plan_submit"),
    path("evaluations/<int:pk>/reports/new/", evaluator_views.report_start, name="report_start"),
    path("reports/<int:pk>/", evaluator_views.report, name="report"),
    path("reports/<int:pk>/details/", evaluator_views.report_edit, name="report_edit"),
    path("reports/<int:pk>/documents/", evaluator_views.document_upload, name="document_upload"),
    path("reports/<int:pk>/submit/", evaluator_views.report_submit, name="report_submit"),
    path("documents/<int:pk>/", evaluator_views.document, name="document"),
    path("documents/<int:pk>/remove/", evaluator_views.document_remove, name="document_remove"),
    path("reports/<int:report_pk>/findings/add/", finding_views.add, name="finding_add"),
    path("findings/<int:pk>/", finding_views.change, name="finding_change"),
    path("findings/<int:pk>/remove/", finding_views.remove, name="finding_remove"),
    path("findings/<int:pk>/rating/", finding_views.choose_scale, name="finding_scale"),
    path(
        "findings/<int:pk>/rating/<slug:scale_key>/",
        finding_views.choose_level,
        name="finding_level",
    ),
    path(
        "reports/<int:report_pk>/costs-and-benefits/add/",
        cost_benefit_views.add,
        name="cost_benefit_add",
    ),
    path(
        "reports/<int:report_pk>/costs-and-benefits/add-unit-cost/",
        cost_benefit_views.add_unit_cost_benefit,
        name="unit_cost_benefit_add",
    ),
    path("costs-and-benefits/<int:pk>/", cost_benefit_views.change, name="cost_benefit_change"),
    path(
        "costs-and-benefits/<int:pk>/remove/",
        cost_benefit_views.remove,
        name="cost_benefit_remove",
    ),
    path(
        "reports/<int:report_pk>/price-year/",
        cost_benefit_views.price_year,
        name="report_price_year",
    ),
    path("unit-costs/", cost_benefit_views.unit_costs, name="unit_costs"),
]
