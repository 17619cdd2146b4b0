"""Every change to programmes, rounds, focus areas, criteria, budgets and scoring scales, one
module per kind of record. Each function checks the person may do it, runs in one transaction and
records its audit event there. A service refuses bad input with `DomainError`s that say what to
change, at the field they concern; several at once come together in `DomainErrors`, so a page can
show them all. Money is integer pence; times are aware datetimes."""
