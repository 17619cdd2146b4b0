from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "innovation_fund.evidence"
    label = "evidence"
