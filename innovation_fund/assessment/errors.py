from innovation_fund.core.errors import DomainError


class NotAllowed(DomainError):
    """The person may not do this (views answer 404 where the record is not theirs to see)."""
