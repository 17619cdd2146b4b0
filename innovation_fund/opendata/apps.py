from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "innovation_fund.opendata"
    label = "opendata"
    verbose_name = "Open data (360Giving)"

    def ready(self):
        from innovation_fund.assessment.signals import batch_announced
        from innovation_fund.programmes.signals import round_visibility_changed

        from .tasks import republish_when_awards_announced, republish_when_round_visibility_changes

        round_visibility_changed.connect(
            republish_when_round_visibility_changes,
            dispatch_uid="opendata.republish_when_round_visibility_changes",
        )
        batch_announced.connect(
            republish_when_awards_announced, dispatch_uid="opendata.republish_when_awards_announced"
        )
