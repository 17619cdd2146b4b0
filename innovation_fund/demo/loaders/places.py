"""Local authorities by GSS code, as loaded by the places loader."""

from datetime import date

from innovation_fund.places.models import LocalAuthority

from .report import LoadReport


class Authorities:
    def __init__(self, report: LoadReport):
        self._report = report
        self._by_gss = {la.gss_code: la for la in LocalAuthority.objects.all()}
        self._missing_reported: set[str] = set()

    def get(self, gss_code: str, needed_for: str) -> LocalAuthority | None:
        authority = self._by_gss.get(gss_code)
        if authority is None and gss_code not in self._missing_reported:
            self._missing_reported.add(gss_code)
            self._report.warnings.append(
                f"No local authority {gss_code} (needed for {needed_for}): run load_places first"
            )
        return authority

    def check_valid_in(self, authority: LocalAuthority, year: int | None, context: str) -> None:
        if year and not (
            authority.valid_from <= date(year, 12, 31)
            and (authority.valid_to is None or authority.valid_to >= date(year, 1, 1))
        ):
            self._report.warnings.append(
                f"{authority.gss_code} {authority.name} was not in force in {year} ({context})"
            )
