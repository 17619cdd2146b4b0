"""The public Projects and Insights site. No sign-in; only published records."""

from django.http import Http404
from django.shortcuts import render

from innovation_fund.core.errors import error_summary_items
from innovation_fund.core.pagination import pagination_links, requested_page
from innovation_fund.grants.models import Project
from innovation_fund.grants.selectors import project_for_page, search_projects

from . import library_selectors, selectors
from .forms import MapForm, ProjectSearchForm

PROJECTS_PER_PAGE = 20


def home(request):
    return render(request, "public/home.html", selectors.home_page())


def project_list(request):
    form = ProjectSearchForm(request.GET or None)
    form.is_valid()
    projects = search_projects(form.filters())
    page = requested_page(form, projects, PROJECTS_PER_PAGE)
    return render(
        request,
        "public/project_list.html",
        {
            "form": form,
            "page": page,
            "pagination": pagination_links(page, request.GET),
            "error_items": error_summary_items(form),
            "form_has_errors": bool(form.errors),
        },
    )


def project_detail(request, slug):
    try:
        project = project_for_page(slug)
    except Project.DoesNotExist:
        raise Http404("No published project has that address") from None
    context = selectors.project_page(project)
    context.update(library_selectors.project_evidence(project))
    return render(request, "public/project_detail.html", context)


def innovation_list(request):
    return render(request, "public/innovation_list.html", selectors.innovation_list_page())


def innovation_detail(request, slug):
    form = MapForm(request.GET or None)
    form.is_valid()
    context = selectors.innovation_page(slug, year=form.chosen_year())
    if context is None:
        raise Http404("No innovation has that address")
    context.update(
        form=form, error_items=error_summary_items(form), form_has_errors=bool(form.errors)
    )
    return render(request, "public/innovation_detail.html", context)


def authority_list(request):
    return render(request, "public/authority_list.html", selectors.authority_list_page())


def authority_detail(request, slug):
    context = selectors.authority_page(slug)
    if context is None:
        raise Http404("No local authority has that address")
    return render(request, "public/authority_detail.html", context)


def organisation_detail(request, slug):
    page = selectors.organisation_page(slug)
    if page is None:
        raise Http404("No organisation with a published project has that address")
    return render(request, "public/organisation_detail.html", page)


def map_page(request):
    form = MapForm(request.GET or None, with_round=True)
    form.is_valid()
    context = selectors.involvement_map_page(
        year=form.chosen_year(), round_slug=form.chosen_round_slug()
    )
    context.update(
        form=form, error_items=error_summary_items(form), form_has_errors=bool(form.errors)
    )
    return render(request, "public/map.html", context)


def evidence(request):
    return render(request, "public/evidence.html", selectors.evidence_page())


def about_data(request):
    return render(request, "public/about_data.html", selectors.about_data_page())


def accessibility(request):
    return render(request, "public/accessibility.html")
