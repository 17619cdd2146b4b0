from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "innovation_fund.assessment"
    label = "assessment"
    verbose_name = "Assessment and decisions"
