"""English local authorities with children's services, their boundaries and statistics.

Authorities change (Bournemouth and Poole became BCP in 2019; Northamptonshire split in 2021), so
every record keeps its dates and successors: history is never overwritten. "How many
authorities" is always answered as of a date.
"""

from datetime import date

from django.db import models
from django.db.models import Q


class Region(models.Model):
    code = models.CharField(max_length=9, unique=True, help_text="ONS GSS code, E12…")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalAuthorityQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class LocalAuthority(models.Model):
    """An upper-tier authority, identified by the GSS code that was in force for it."""

    gss_code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, unique=True)
    dfe_code = models.CharField(max_length=3, db_index=True, help_text="DfE 3-digit LA number")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="authorities")
    valid_from = models.DateField(help_text="When this GSS code came into force")
    valid_to = models.DateField(null=True, blank=True, help_text="Last day this code was in force")
    replaced_by = models.ManyToManyField(
        "self", symmetrical=False, through="Succession", related_name="predecessors", blank=True
    )

    objects = LocalAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class District(models.Model):
    """A lower-tier district (E07…) and the county that holds children's services for it. A
    grant that names only a district is matched to its county (derived from ONS boundaries by
    `places.loaders.districts`)."""

    gss_code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)
    county = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="districts")
    last_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The last year the district existed (ONS vintage)"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.gss_code}), in {self.county_id}"


class Succession(models.Model):
    predecessor = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(help_text="0 for the main successor")

    class Meta:
        ordering = ["predecessor", "position"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession")
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} replaced by {self.successor}"


class BoundarySet(models.Model):
    """One boundary file: a vintage of authority outlines, all drawn in the same projection."""

    key = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    file_name = models.CharField(max_length=200)
    resolution = models.CharField(max_length=100)
    precedence = models.PositiveSmallIntegerField(
        default=0, help_text="Lower is preferred when several sets fit a date"
    )
    attribution = models.TextField()
    view_box = models.CharField(max_length=60, help_text="SVG viewBox for the projected paths")

    class Meta:
        ordering = ["precedence", "key"]

    def __str__(self) -> str:
        return self.title


class Boundary(models.Model):
    boundary_set = models.ForeignKey(
        BoundarySet, on_delete=models.CASCADE, related_name="boundaries"
    )
    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="boundaries"
    )
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)
    svg_path = models.TextField(help_text="The outline as SVG path data in the set's projection")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["boundary_set", "authority"], name="unique_boundary")
        ]
        verbose_name_plural = "boundaries"

    def __str__(self) -> str:
        return f"{self.authority} in {self.boundary_set}"


class Measure(models.TextChoices):
    CHILDREN_IN_NEED_RATE = "cin_rate", "Children in need rate per 10,000 children"
    CHILD_PROTECTION_PLAN_RATE = (
        "cpp_rate",
        "Children subject of a child protection plan at 31 March, rate per 10,000 children",
    )
    LOOKED_AFTER_RATE = "cla_rate", "Children looked after at 31 March, rate per 10,000 children"
    CHILDREN_IN_NEED = "cin_count", "Children in need at 31 March"
    CHILD_PROTECTION_PLANS = "cpp_count", "Children subject of a child protection plan at 31 March"
    LOOKED_AFTER = "cla_count", "Children looked after at 31 March"
    CHILD_POPULATION = "population_0_17", "Children aged 0 to 17 (ONS mid-year estimate)"


class StatisticValue(models.Model):
    """One published figure for England or an authority in a reporting year (to 31 March).

    `value` is empty where the publisher suppressed or did not publish the figure; `status`
    keeps the publisher's symbol so that a page can say why.
    """

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        DERIVED = "derived", "Derived from published counts and population"
        SUPPRESSED = "suppressed", "Suppressed by the publisher"
        SMALL_NUMBER = "small_number", "Not shown: fewer than 5 children"
        NOT_AVAILABLE = "not_available", "Not available"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.CASCADE, related_name="statistics"
    )
    year = models.PositiveSmallIntegerField(help_text="Reporting year ending 31 March")
    measure = models.CharField(max_length=20, choices=Measure.choices)
    value = models.DecimalField(max_digits=12, decimal_places=1, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    source_file = models.CharField(max_length=200)

    class Meta:
        ordering = ["measure", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "measure"], name="unique_statistic"
            ),
            # England's figures have no authority. SQLite cannot enforce nulls_distinct=False,
            # so a partial constraint keeps them unique on both databases.
            models.UniqueConstraint(
                fields=["year", "measure"],
                condition=Q(authority__isnull=True),
                name="unique_england_statistic",
            ),
        ]

    def __str__(self) -> str:
        area = "England" if self.is_england else self.authority
        shown = self.value if self.value is not None else self.get_status_display()
        return f"{area}, {self.year}, {self.get_measure_display()}: {shown}"

    @property
    def is_england(self) -> bool:
        return self.authority_id is None
