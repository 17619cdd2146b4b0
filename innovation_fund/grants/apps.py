from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete


class GrantsConfig(AppConfig):
    name = "innovation_fund.grants"
    label = "grants"

    def ready(self):
        from innovation_fund.accounts import home_sections
        from innovation_fund.assessment.signals import batch_announced
        from innovation_fund.innovations.models import Innovation
        from innovation_fund.organisations.models import Organisation
        from innovation_fund.places.models import LocalAuthority
        from innovation_fund.programmes import totals
        from innovation_fund.programmes.models import FocusArea

        from . import project_words
        from .home_sections import your_grants
        from .models import Project, ProjectArea, ProjectPartner
        from .receivers import make_grants_and_letters
        from .totals import count_coverage, count_totals

        batch_announced.connect(make_grants_and_letters, dispatch_uid="grants.make_grants")
        totals.count.register(count_totals)
        totals.cover.register(count_coverage)
        home_sections.register("grants.your_grants", your_grants)

        # The words the project directory searches (ProjectWords) follow every record they
        # are copied from; see project_words.py.
        post_save.connect(
            project_words.project_saved, sender=Project, dispatch_uid="grants.words.project"
        )
        for part in (ProjectPartner, ProjectArea):
            for signal, event in ((post_save, "saved"), (post_delete, "deleted")):
                signal.connect(
                    project_words.part_of_project_changed,
                    sender=part,
                    dispatch_uid=f"grants.words.{part.__name__}.{event}",
                )
        for named in (Organisation, Innovation, FocusArea, LocalAuthority):
            post_save.connect(
                project_words.named_record_saved,
                sender=named,
                dispatch_uid=f"grants.words.{named.__name__}",
            )
        for named in (Innovation, FocusArea):
            pre_delete.connect(
                project_words.named_record_deleting,
                sender=named,
                dispatch_uid=f"grants.words.{named.__name__}.deleting",
            )
            post_delete.connect(
                project_words.named_record_deleted,
                sender=named,
                dispatch_uid=f"grants.words.{named.__name__}.deleted",
            )
