"""Sourced facts about a project: each value as one source gives it, with the sentence it is read
from, kept even where the project's own field holds another value or two sources disagree."""

import re

from django.db import models

from innovation_fund.core.models import DataImport, Source
from innovation_fund.core.money import format_gbp, pounds_to_pence

from .projects_and_grants import Project

_LEADING_NUMBER = re.compile(r"^\s*(\d+)")
_PLAIN_NUMBER = re.compile(r"^\s*\d+\s*$")


class ProjectFact(models.Model):
    class Field(models.TextChoices):
        NAME = "name", "Name"
        LEAD_ORGANISATION = "lead_organisation", "Lead organisation"
        PARTNER_ORGANISATIONS = "partner_organisations", "Partners"
        ROUND = "round", "Round"
        AMOUNT = "amount_gbp", "Amount"
        AWARD_YEAR = "award_year", "Year awarded or started"
        FOCUS_AREA = "focus_area", "Focus or policy area"
        INNOVATION = "innovation", "What the project does"
        SCALE_OF = "scale_of", "Scales up"
        EVALUATOR = "evaluator", "Evaluator"

    NUMBER_FIELDS = frozenset({Field.AMOUNT, Field.AWARD_YEAR, Field.ROUND})

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="facts")
    field = models.CharField(max_length=30, choices=Field.choices)
    value = models.TextField(help_text="As the source gives it, with any note the data adds")
    sources = models.ManyToManyField(Source, related_name="project_facts")
    quote = models.TextField(blank=True, help_text="The sentence the fact is read from")
    imported_from = models.ForeignKey(
        DataImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="project_facts"
    )
    source_row = models.PositiveIntegerField(
        null=True, blank=True, help_text="Row of the imported file (1 = first data row)"
    )

    class Meta:
        ordering = ["project", "field", "source_row", "id"]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_field_display()} {self.value}"

    @property
    def number(self) -> int | None:
        """For amounts, years and rounds: the figure the value starts with (pounds for amounts)."""
        match = _LEADING_NUMBER.match(self.value)
        return int(match.group(1)) if match else None

    @property
    def is_plain(self) -> bool:
        """A value with no note added: a bare figure for number fields, any text for others."""
        if self.field in self.NUMBER_FIELDS:
            return bool(_PLAIN_NUMBER.match(self.value))
        return bool(self.value.strip())

    @property
    def display_value(self) -> str:
        """A bare amount in pounds as money ("£483,000"); anything else as the source gives it."""
        if self.field == self.Field.AMOUNT and self.is_plain:
            return format_gbp(pounds_to_pence(self.number))
        return self.value

    @property
    def comparable(self) -> str:
        """What two facts must share to agree: the figure, or the words ignoring case and spaces."""
        if self.field in self.NUMBER_FIELDS:
            number = self.number
            return "" if number is None else str(number)
        return " ".join(self.value.split()).casefold()
