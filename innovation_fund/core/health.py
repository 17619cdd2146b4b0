"""`/health/`: whether this instance can serve, for a load balancer or an uptime check. It
answers 200 when the database answers and the background worker is keeping up (no task has
been waiting longer than HEALTH_MAX_TASK_WAIT_SECONDS), and 503 otherwise, saying which. It
gives counts only, nothing about any record, so it needs no sign-in."""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult


@never_cache
@require_GET
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        waiting = DBTaskResult.objects.ready()
        backlog = waiting.count()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    waited = (timezone.now() - oldest) if oldest else timedelta(0)
    keeping_up = waited <= timedelta(seconds=settings.HEALTH_MAX_TASK_WAIT_SECONDS)
    return JsonResponse(
        {
            "status": "ok" if keeping_up else "tasks waiting too long",
            "database": "ok",
            "tasks_waiting": backlog,
            "longest_wait_seconds": int(waited.total_seconds()),
        },
        status=200 if keeping_up else 503,
    )
