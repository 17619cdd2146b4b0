from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "innovation_fund.programmes"
    label = "programmes"
