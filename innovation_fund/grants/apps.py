from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "innovation_fund.grants"
    label = "grants"

    def ready(self):
        from innovation_fund.accounts import home_sections
        from innovation_fund.assessment.signals import batch_announced
        from innovation_fund.programmes import totals

        from .home_sections import your_grants
        from .receivers import make_grants_and_letters
        from .totals import count_coverage, count_totals

        batch_announced.connect(make_grants_and_letters, dispatch_uid="grants.make_grants")
        totals.count.register(count_totals)
        totals.cover.register(count_coverage)
        home_sections.register("grants.your_grants", your_grants)
