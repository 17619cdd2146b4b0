"""The lifecycles of evaluation plans and reports, declared once.

Services move a plan or report only along a row of these tables, the policy (`policies.py`)
answers "may this person" from the same rows, and the pages draw their buttons from
`available`. Roles are words the policy understands: "evaluator" (a member of the appointed
evaluator organisation with the programme's evaluator role) and "programme_manager".

A plan is written by the evaluator, submitted, and agreed by the programme team (or sent back
with changes asked for). Reports (interim and final) start once the plan is agreed, are
submitted, reviewed, accepted and then published with a date and a report number; publishing
makes the report and its findings public.
"""

from innovation_fund.core.transitions import Lifecycle, transition

from .models import EvaluationPlan, EvaluationReport

EVALUATOR = "evaluator"
PROGRAMME_MANAGER = "programme_manager"

Plan = EvaluationPlan.State
Report = EvaluationReport.State

# While in these states the evaluator may change the plan's or report's contents (its fields,
# documents, findings, costs and benefits). Everything else is read only.
PLAN_EDITABLE = frozenset({Plan.DRAFT, Plan.CHANGES_REQUESTED})
REPORT_EDITABLE = frozenset({Report.DRAFT, Report.CHANGES_REQUESTED})


def plan_incomplete(plan: EvaluationPlan) -> list[str]:
    """What the plan still needs before it can be submitted."""
    reasons = []
    if not plan.questions.strip():
        reasons.append("Enter the questions the evaluation will answer")
    if not plan.design:
        reasons.append("Choose the evaluation's design")
    if not plan.timetable.strip():
        reasons.append("Enter the evaluation's timetable")
    if not plan.outcomes.exists():
        reasons.append("Choose at least one outcome from the programme's framework")
    return reasons


def report_incomplete(report: EvaluationReport) -> list[str]:
    """What the report still needs before it can be submitted."""
    reasons = []
    if not report.summary.strip():
        reasons.append("Enter a summary of the report")
    if not report.design:
        reasons.append("Choose the design the report used")
    if not report.documents.exists():
        reasons.append("Upload the report's document")
    if report.kind == EvaluationReport.Kind.FINAL and not report.findings.exists():
        reasons.append("Add at least one finding: a final report reports its findings")
    return reasons


PLAN_LIFECYCLE = Lifecycle(
    "evaluation plan",
    dict(Plan.choices),
    [
        transition(
            "submit",
            sources=PLAN_EDITABLE,
            target=Plan.SUBMITTED,
            who={EVALUATOR},
            label="Submit the plan",
            guards=[plan_incomplete],
        ),
        transition(
            "agree",
            sources={Plan.SUBMITTED},
            target=Plan.AGREED,
            who={PROGRAMME_MANAGER},
            label="Agree the plan",
        ),
        transition(
            "ask_for_changes",
            sources={Plan.SUBMITTED},
            target=Plan.CHANGES_REQUESTED,
            who={PROGRAMME_MANAGER},
            label="Ask for changes",
        ),
    ],
)

REPORT_LIFECYCLE = Lifecycle(
    "evaluation report",
    dict(Report.choices),
    [
        transition(
            "submit",
            sources=REPORT_EDITABLE,
            target=Report.SUBMITTED,
            who={EVALUATOR},
            label="Submit the report",
            guards=[report_incomplete],
        ),
        transition(
            "accept",
            sources={Report.SUBMITTED},
            target=Report.ACCEPTED,
            who={PROGRAMME_MANAGER},
            label="Accept the report",
        ),
        transition(
            "ask_for_changes",
            sources={Report.SUBMITTED},
            target=Report.CHANGES_REQUESTED,
            who={PROGRAMME_MANAGER},
            label="Ask for changes",
        ),
        transition(
            "publish",
            sources={Report.ACCEPTED},
            target=Report.PUBLISHED,
            who={PROGRAMME_MANAGER},
            label="Publish the report",
            description="Makes the report, its documents and its findings public",
        ),
    ],
)
