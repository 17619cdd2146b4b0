from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "innovation_fund.assessment"
    label = "assessment"
    verbose_name = "Assessment and decisions"

    def ready(self):
        from innovation_fund.applications import outcomes
        from innovation_fund.programmes import commitments

        from .budget import commitments_of
        from .selectors.announcements import applicant_outcome

        outcomes.applicant_outcome.register(applicant_outcome)
        commitments.commitments.register(commitments_of)
