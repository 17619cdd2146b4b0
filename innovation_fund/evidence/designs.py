"""Evaluation designs, declared once for plans, reports and the library's filters."""

from django.db import models


class Design(models.TextChoices):
    RANDOMISED_TRIAL = "rct", "Randomised controlled trial"
    QUASI_EXPERIMENTAL = "quasi_experimental", "Quasi-experimental, with a comparison group"
    BEFORE_AND_AFTER = "before_after", "Before and after, without a comparison group"
    MIXED_METHODS = "mixed_methods", "Mixed methods"
    QUALITATIVE = "qualitative", "Qualitative"
    OTHER = "other", "Other"
