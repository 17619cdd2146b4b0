"""Source rows for cited URLs, found or created once per URL."""

from innovation_fund.core.models import Source

from .report import LoadReport


class SourceBook:
    def __init__(self, report: LoadReport):
        self._report = report
        self._by_url: dict[str, Source] = {}

    def get(self, urls: list[str]) -> list[Source]:
        return [self._one(url) for url in dict.fromkeys(urls)]

    def _one(self, url: str) -> Source:
        if url not in self._by_url:
            source, created = Source.objects.get_or_create(url=url)
            self._report.count("source", "created" if created else "unchanged")
            self._by_url[url] = source
        return self._by_url[url]
