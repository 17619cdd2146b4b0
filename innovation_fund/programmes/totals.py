"""The programme's totals: money announced, projects and local authorities covered, as of a day.

One selector, `programme_totals`, gives these figures to every page that shows them: the public
home page and its rounds table, the public map and the programme's budget page. Each page reads
its figures from the `ProgrammeTotals` it returns, so no two pages can count differently.

Where it lives. The figures are counted from grants' public project records (`Project`,
`ProjectArea`), but the budget page belongs to assessment, which sits below grants in the layers
(docs/decisions/0014-app-layers.md) and may not import it. So, as with `commitments`, the types
and the one entry point live here, in programmes, the lowest app that knows rounds and that every
page can import, and grants registers the function that counts (`grants.totals.count_totals`)
in its `AppConfig.ready`. Without grants installed there are no projects, and the totals are
empty.

What is counted, the same way everywhere:
- A project counts when the public may see it (`publication.published_project`).
- Money announced is the sum of the amounts known; projects whose amount no source gives are
  counted, never as £0, and their number is given.
- A project's year is the year it was awarded, else the year its round was announced. A project
  with neither is counted under "Year not known"; it counts in the number of projects and the
  money, but not among the authorities covered as of a day, since no one knows when it began.
- A project with no round is counted under "Round not known". Its records name no round, so no
  programme: it counts in the totals of the whole public site (`programme=None`, what the public
  pages show), and a programme's own totals show it apart, as not counted there.
- An authority is covered on a day when it, a predecessor or a successor led, partnered or
  hosted a project by then (`places.selectors.coverage`), out of all authorities valid that day.
"""

from dataclasses import dataclass, field
from datetime import date

from innovation_fund.core.providers import Provider

ROUND_NOT_KNOWN = "Round not known"
YEAR_NOT_KNOWN = "Year not known"


@dataclass(frozen=True)
class Figures:
    """Projects and the money announced for them."""

    projects: int = 0
    known_amount_pence: int = 0
    projects_without_amount: int = 0

    @property
    def projects_with_amount(self) -> int:
        return self.projects - self.projects_without_amount

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            projects=self.projects + other.projects,
            known_amount_pence=self.known_amount_pence + other.known_amount_pence,
            projects_without_amount=self.projects_without_amount + other.projects_without_amount,
        )


@dataclass(frozen=True)
class RoundLine:
    """A round's figures; `round` is None for the projects whose round is not known."""

    round: object | None
    figures: Figures = field(default_factory=Figures)
    authorities_involved: int = 0  # as of the totals' day
    projects_without_year: int = 0

    @property
    def label(self) -> str:
        return self.round.name if self.round is not None else ROUND_NOT_KNOWN


@dataclass(frozen=True)
class YearLine:
    """A year's figures; `year` is None for the projects whose year is not known."""

    year: int | None
    figures: Figures = field(default_factory=Figures)

    @property
    def label(self) -> str:
        return str(self.year) if self.year is not None else YEAR_NOT_KNOWN


@dataclass(frozen=True)
class ProgrammeTotals:
    programme: object | None  # None: every programme the public site shows
    on: date
    figures: Figures = field(default_factory=Figures)
    authorities_involved: int = 0
    authorities_total: int = 0
    rounds: tuple[RoundLine, ...] = ()  # each public round in order (with or without projects)
    round_not_known: RoundLine = field(default_factory=lambda: RoundLine(None))
    years: tuple[YearLine, ...] = ()  # each known year, in order, then "Year not known" if any
    round_not_known_is_counted: bool = True  # False in one programme's totals: see above

    @property
    def round_lines(self) -> tuple[RoundLine, ...]:
        """The rounds, then "Round not known" when there are such projects and they count here."""
        if self.round_not_known_is_counted and self.round_not_known.figures.projects:
            return (*self.rounds, self.round_not_known)
        return self.rounds

    @property
    def projects_without_year(self) -> int:
        return next((line.figures.projects for line in self.years if line.year is None), 0)

    def round_line(self, round_id: int) -> RoundLine | None:
        return next((line for line in self.rounds if line.round.pk == round_id), None)


@dataclass(frozen=True)
class Coverage:
    """Authorities involved by a day, out of all authorities valid that day."""

    on: date
    involved: int = 0
    total: int = 0


# Grants registers both (`grants.totals`): `count(programme, on, coverage=...)` gives the
# `ProgrammeTotals`, `cover(programme, on)` the `Coverage` alone.
count = Provider(
    "A programme's totals",
    fallback=lambda programme, on, coverage=True: ProgrammeTotals(programme=programme, on=on),
)
cover = Provider("Authorities covered by a day", fallback=lambda programme, on: Coverage(on))


def programme_totals(programme=None, *, on: date, coverage: bool = True) -> ProgrammeTotals:
    """The totals of one programme, or of the whole public site when `programme` is None, with
    authorities covered as of `on` (left at 0 with `coverage=False`, for a page that does not
    show them). The same number of queries whatever the data holds."""
    return count(programme, on, coverage=coverage)


def authorities_covered(programme=None, *, on: date) -> Coverage:
    """Only the authorities covered as of `on`, counted as `programme_totals` counts them: for a
    page that shows coverage on a second day without recounting the rest."""
    return cover(programme, on)
