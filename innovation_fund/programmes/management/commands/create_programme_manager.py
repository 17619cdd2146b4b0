"""Set up a fresh installation: the first person allowed to create programmes.

    manage.py create_programme_manager --email you@example.gov.uk --name "Your Name"
    manage.py create_programme_manager --email … --name … --programme <slug>

They may then create programmes (whoever creates one becomes its first programme manager and
invites the rest of its team from the screens). With --programme, they also become the first
manager of a programme that has none, such as the real programme loaded from its sources.
A sign-in link is emailed to them and printed, so the first sign-in works before email does.
"""

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from innovation_fund.accounts.services import new_sign_in_link
from innovation_fund.core.errors import DomainError
from innovation_fund.core.tasks import send_email_after_commit
from innovation_fund.programmes.models import Programme
from innovation_fund.programmes.services import team

LABEL = "create_programme_manager"


class Command(BaseCommand):
    help = (
        "Let a person create programmes (the first programme manager of a fresh installation), "
        "and print and email them a sign-in link."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="Their email address")
        parser.add_argument("--name", required=True, help="Their full name")
        parser.add_argument(
            "--programme",
            metavar="SLUG",
            help="Also make them the first manager of this programme, which has none yet",
        )

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                person = team.allow_to_create_programmes(
                    options["email"], options["name"], actor_label=LABEL
                )
                if options["programme"]:
                    programme = Programme.objects.filter(slug=options["programme"]).first()
                    if programme is None:
                        raise CommandError(f"No programme has the slug {options['programme']!r}")
                    team.appoint_first_manager(programme, person, actor_label=LABEL)
                link = new_sign_in_link(person.email)
                send_email_after_commit(
                    person.email,
                    "programme_manager_sign_in",
                    link=link,
                    minutes=str(settings.SIGN_IN_LINK_MINUTES),
                    sign_in_page=settings.SERVICE_BASE_URL.rstrip("/")
                    + reverse("accounts:sign_in"),
                    service_name=settings.SERVICE_NAME,
                )
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{person.email} may now create programmes.")
        if options["programme"]:
            self.stdout.write(f"They manage {programme.name}.")
        self.stdout.write(
            f"Sign-in link (works once, for {settings.SIGN_IN_LINK_MINUTES} minutes; also "
            f"emailed):\n{link}"
        )
