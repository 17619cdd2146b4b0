"""An insight's lifecycle, declared once: draft → published ⇄ unpublished.

The services move an insight only along a row of this table, the policy answers "may this
person" from its `who`, and the preview page draws its buttons and reasons from it.
"""

from innovation_fund.core.transitions import Lifecycle, transition

from .models import Insight

DRAFT, PUBLISHED, UNPUBLISHED = (
    Insight.State.DRAFT.value,
    Insight.State.PUBLISHED.value,
    Insight.State.UNPUBLISHED.value,
)
PROGRAMME_MANAGER = "programme_manager"

TAG_CLASSES = {
    DRAFT: "govuk-tag--grey",
    PUBLISHED: "govuk-tag--green",
    UNPUBLISHED: "govuk-tag--orange",
}


def has_summary_and_body(insight: Insight) -> list[str]:
    reasons = []
    if not insight.summary.strip():
        reasons.append("Add a summary before you publish it: lists and the feed show it")
    if not insight.body.strip():
        reasons.append("Write the insight’s text before you publish it")
    return reasons


INSIGHT_LIFECYCLE = Lifecycle(
    "insight",
    {state.value: state.label for state in Insight.State},
    [
        transition(
            "publish",
            sources=[DRAFT, UNPUBLISHED],
            target=PUBLISHED,
            who=[PROGRAMME_MANAGER],
            label="Publish",
            guards=[has_summary_and_body],
            description="Anyone can read it on the public site and in the feed",
        ),
        transition(
            "unpublish",
            sources=[PUBLISHED],
            target=UNPUBLISHED,
            who=[PROGRAMME_MANAGER],
            label="Unpublish",
            description="It leaves the public site and the feed; you can publish it again",
        ),
    ],
)
