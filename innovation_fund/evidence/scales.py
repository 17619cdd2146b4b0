"""The named scales a finding's strength of evidence is rated on, each level explained.

Declared once here and read by forms (where a level is chosen, with its explanation), the
library's filters and every page that shows a rating. The wording paraphrases the scales'
owners; `../shared/data/evidence/evidence_scales.md` names the sources. Where a label was not
read from a source (What Works for Children's Social Care's points), the level says so rather
than inventing one.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    key: str
    label: str
    explanation: str


@dataclass(frozen=True)
class Scale:
    key: str
    name: str
    short_name: str
    description: str
    source_url: str
    levels: tuple[Level, ...]

    def level(self, key: str) -> Level | None:
        return next((level for level in self.levels if level.key == key), None)


_WWCSC_POINT = (
    "Point {n} of 5 (1 lowest, 5 highest). The Evidence Store names each point; its labels were "
    "not read from a source here, so record the number it gives."
)


def _five_points() -> tuple[Level, ...]:
    return tuple(Level(str(n), f"Point {n} of 5", _WWCSC_POINT.format(n=n)) for n in range(1, 6))


SCALES: tuple[Scale, ...] = (
    Scale(
        key="maryland",
        name="Maryland Scientific Methods Scale",
        short_name="Maryland SMS",
        description=(
            "Ranks an impact evaluation by how well its method deals with selection bias, from 1 "
            "(least robust) to 5 (most robust)."
        ),
        source_url="https://whatworksgrowth.org/resource-library/guide-to-scoring-the-evidence/",
        levels=(
            Level(
                "1",
                "Level 1",
                "Compares treated with untreated units at one time, or the treated group before "
                "and after with no untreated group. No control variables.",
            ),
            Level(
                "2",
                "Level 2",
                "The same comparisons as level 1, with adequate control variables or matching to "
                "adjust for differences between the groups or periods.",
            ),
            Level(
                "3",
                "Level 3",
                "Before and after for the treated group, with a justified, similar comparison "
                "group as the counterfactual (for example difference-in-differences, panel "
                "methods or propensity score matching).",
            ),
            Level(
                "4",
                "Level 4",
                "Quasi-random variation, such as instrumental variables or regression "
                "discontinuity design.",
            ),
            Level("5", "Level 5", "A randomised controlled trial."),
        ),
    ),
    Scale(
        key="eif",
        name="Early Intervention Foundation evidence rating",
        short_name="EIF rating",
        description=(
            "How confident one can be that a programme causes better child outcomes (not how "
            "large the effect is)."
        ),
        source_url="http://guidebook.eif.org.uk/eif-evidence-standards",
        levels=(
            Level(
                "4+",
                "Level 4+",
                "Exceeds the level 4 threshold: long-term positive impact from multiple rigorous "
                "evaluations.",
            ),
            Level(
                "4",
                "Level 4",
                "Long-term positive impact shown by multiple rigorous, high-quality evaluations, "
                "at least one showing a child outcome improving for a year or longer.",
            ),
            Level(
                "3+",
                "Level 3+",
                "Exceeds the level 3 threshold: short-term positive impact from a rigorous "
                "evaluation.",
            ),
            Level(
                "3",
                "Level 3",
                "Short-term positive impact from at least one rigorous evaluation, so a causal "
                "judgement can be made.",
            ),
            Level(
                "2+",
                "Level 2+",
                "Exceeds the level 2 threshold: preliminary evidence of improvement.",
            ),
            Level(
                "2",
                "Level 2",
                "Preliminary evidence that a child outcome improved; causal impact cannot yet be "
                "assumed.",
            ),
            Level(
                "NL2",
                "NL2 (not level 2)",
                "The programme's most robust evaluation does not reach the level 2 threshold.",
            ),
            Level(
                "NE",
                "NE (found not to be effective)",
                "An evaluation of level 3 rigour found no improvement in a child outcome. The "
                "model needs adapting; it does not mean it can never work.",
            ),
        ),
    ),
    Scale(
        key="wwcsc_effectiveness",
        name="What Works for Children's Social Care: overall effectiveness",
        short_name="WWCSC effectiveness",
        description=(
            "How consistent the effect is across studies (a meta-analysis where possible), on a "
            "five-point scale."
        ),
        source_url="https://whatworks-csc.org.uk/evidence/evidence-store/our-ratings-explained/",
        levels=_five_points(),
    ),
    Scale(
        key="wwcsc_strength",
        name="What Works for Children's Social Care: strength of evidence",
        short_name="WWCSC strength",
        description=(
            "How confident one can be in a finding, given how the research was designed and "
            "carried out, on a five-point scale."
        ),
        source_url="https://whatworks-csc.org.uk/evidence/evidence-store/our-ratings-explained/",
        levels=_five_points(),
    ),
)

_BY_KEY = {scale.key: scale for scale in SCALES}


def scale(key: str) -> Scale | None:
    return _BY_KEY.get(key)


def rating_label(scale_key: str, level_key: str) -> str:
    """ "Maryland SMS level 3", or "" where there is no rating."""
    found = scale(scale_key)
    if found is None:
        return ""
    level = found.level(level_key)
    return f"{found.short_name}: {level.label}" if level else ""


def rating_choices() -> list[tuple[str, str]]:
    """Every scale's levels as one list of choices, keyed "scale:level"."""
    return [
        (f"{each.key}:{level.key}", f"{each.short_name}: {level.label}")
        for each in SCALES
        for level in each.levels
    ]
