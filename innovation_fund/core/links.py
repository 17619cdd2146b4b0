"""Full addresses of the service's pages, for emails, letters and open data, which are read
away from the site."""

from django.conf import settings
from django.urls import reverse


def absolute_url(url_name: str, *args) -> str:
    return settings.SERVICE_BASE_URL.rstrip("/") + reverse(url_name, args=args)
