from django.db import models

from innovation_fund.core.financial_years import FinancialYear


class GdpDeflator(models.Model):
    """HM Treasury's GDP deflator for one financial year, from one release (its "vintage").

    Costs and benefits in different price years are brought to one price year with these:
    value in Y = value in X × index(Y) ÷ index(X). Only the release loaded is used; a price year
    outside its series is refused, never extrapolated.
    """

    financial_year = models.PositiveSmallIntegerField(
        unique=True, help_text="The calendar year the financial year starts in: 2015 for 2015-16"
    )
    index = models.DecimalField(max_digits=10, decimal_places=4)
    base_year = models.CharField(max_length=50, help_text='As the release states it: "2024-25=100"')
    release = models.CharField(max_length=300, help_text="The release (vintage) the index is from")
    source_url = models.CharField(max_length=500)

    class Meta:
        ordering = ["financial_year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(index__gt=0), name="deflator_positive")
        ]

    def __str__(self) -> str:
        return f"{self.year_label}: {self.index}"

    @property
    def year_label(self) -> str:
        return FinancialYear(self.financial_year).label
