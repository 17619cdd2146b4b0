"""Labels the evaluation library and every findings table show the same way."""

from django import template

from innovation_fund.public.library_selectors import finding_rating

register = template.Library()


@register.filter
def scale_rating(finding) -> str:
    """ "Maryland SMS: Level 3", or "Not rated"."""
    return finding_rating(finding) or "Not rated"
