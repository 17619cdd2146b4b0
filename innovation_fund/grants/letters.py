"""Decision letters as PDF: a grant offer letter for an approval, a letter giving the reasons for
a rejection. Rendered by WeasyPrint from the Django templates in templates/letters/.

The PDF is tagged, in British English and titled, so screen readers can read it. Nothing is
fetched over the network: the styles are inline, the fonts are the machine's own, and the URL
fetcher refuses anything that is not a file in the letters folder.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from innovation_fund.assessment.models import Decision
from innovation_fund.core.financial_years import FinancialYear

from .models import Grant
from .schedule_selectors import schedule_of
from .schedules import REMAINDER_RULE

LETTERS_DIR = Path(settings.BASE_DIR) / "templates" / "letters"

TEMPLATES = {
    Decision.Outcome.APPROVE: "letters/offer.html",
    Decision.Outcome.REJECT: "letters/rejection.html",
}


class NoLetterForOutcome(ValueError):
    """Only approvals and rejections are written to; a deferred bid has no letter yet."""


class RemoteResourceRefused(FatalURLFetchingError):
    """Fatal, so a template that points outside the letters folder fails loudly."""


@dataclass(frozen=True)
class YearAmount:
    label: str
    amount_pence: int


def letter_title(decision: Decision) -> str:
    kind = "Grant offer letter" if decision.outcome == Decision.Outcome.APPROVE else "Decision"
    return f"{kind}: {decision.application.reference}"


def letter_context(decision: Decision) -> dict:
    application = decision.application
    batch = getattr(getattr(decision, "announcement", None), "batch", None)
    return {
        "title": letter_title(decision),
        "decision": decision,
        "application": application,
        "organisation": application.lead_organisation,
        "round": application.round,
        "programme": application.round.programme,
        "dated": batch.announced_on if batch else timezone.localdate(),
        "years": [
            YearAmount(FinancialYear(year.financial_year).label, year.amount_pence)
            for year in decision.years.all()
        ],
        "funding_starts_on": application.round.funding_starts_on,
        "funding_ends_on": application.round.funding_ends_on,
        **_grant_context(decision),
    }


def _grant_context(decision: Decision) -> dict:
    """The grant made from an approval (when its batch was announced), with its conditions and
    payment schedule. A decision announced without a grant (as in some tests) has neither, and
    the letter says the instalments are still to be agreed."""
    grant = (
        Grant.objects.filter(decision_id=decision.pk)
        .select_related("round__programme", "recipient")
        .first()
    )
    if grant is None:
        return {"grant": None, "schedule": None, "remainder_rule": REMAINDER_RULE}
    return {
        "grant": grant,
        "schedule": schedule_of(grant, with_money=False),
        "remainder_rule": REMAINDER_RULE,
    }


def render_letter(decision: Decision) -> bytes:
    """The letter for a decision, as the bytes of a PDF."""
    template = TEMPLATES.get(decision.outcome)
    if template is None:
        raise NoLetterForOutcome(f"There is no letter for a {decision.get_outcome_display()} bid")
    decision = (
        Decision.objects.select_related(
            "application__lead_organisation",
            "application__round__programme",
            "announcement__batch",
        )
        .prefetch_related("years")
        .get(pk=decision.pk)
    )
    html = render_to_string(template, letter_context(decision))
    document = HTML(
        string=html,
        base_url=str(LETTERS_DIR),
        url_fetcher=LocalFilesOnly(allowed_protocols=["file"]),
    )
    return document.write_pdf(pdf_tags=True)


class LocalFilesOnly(URLFetcher):
    """Fetches files in the letters folder and nothing else (no network, no other files)."""

    def fetch(self, url, headers=None):
        if not url.startswith("file://"):
            raise RemoteResourceRefused(f"Letters never fetch from the network: {url}")
        path = Path(url.removeprefix("file://").split("?")[0]).resolve()
        if not path.is_relative_to(LETTERS_DIR.resolve()):
            raise RemoteResourceRefused(f"Letters only use files in {LETTERS_DIR}: {url}")
        return super().fetch(url, headers)
