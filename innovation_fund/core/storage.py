"""Where files no public URL may reach are kept: bid documents, award letters, open data files,
other funders' uploads. Every app that stores such a file uses this one storage."""

from django.core.files.storage import storages


def private_storage():
    """Storage outside any public URL (settings.STORAGES["private"])."""
    return storages["private"]
