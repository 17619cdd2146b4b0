"""One router per resource, each with a list and a detail endpoint."""

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
