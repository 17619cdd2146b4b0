from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "innovation_fund.programmes"
    label = "programmes"

    def ready(self):
        from innovation_fund.accounts import home_sections

        from .home_sections import assessment_work

        home_sections.register("programmes.assessment_work", assessment_work)
