"""Public funding round pages: published rounds only, no sign-in."""

from django.shortcuts import render

from . import selectors


def round_list(request):
    return render(request, "programmes/round_list.html", selectors.public_round_list())


def round_detail(request, programme_slug: str, round_slug: str):
    funding_round = selectors.public_round(programme_slug, round_slug)
    return render(request, "programmes/round_detail.html", selectors.round_page(funding_round))
