from django.core.management import BaseCommand

from innovation_fund.grants.tasks import send_return_reminders


class Command(BaseCommand):
    help = (
        "Queue today's reminders about monitoring returns (due in 7 days, due today, overdue "
        "weekly). Run it daily, from cron or a systemd timer; a second run the same day sends "
        "nothing more."
    )

    def handle(self, *args, **options):
        result = send_return_reminders.enqueue()
        self.stdout.write(f"Reminders queued (task {result.id})")
