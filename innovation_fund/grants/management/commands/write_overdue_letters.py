from django.core.management import BaseCommand

from innovation_fund.grants.overdue_letters import ask_again_for_overdue_letters


class Command(BaseCommand):
    help = (
        "Queue again the letter of every announced decision still without one "
        "GRANTS_LETTER_OVERDUE_SECONDS after its announcement (its worker died). Run it from "
        "cron, say every 15 minutes; a letter is never written or sent twice."
    )

    def handle(self, *args, **options):
        asked = ask_again_for_overdue_letters()
        self.stdout.write(f"{asked} overdue letter{'s' if asked != 1 else ''} asked for again.")
