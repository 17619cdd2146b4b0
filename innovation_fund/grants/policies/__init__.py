"""Who may see and do what with grants after the award: one module per kind of record
(grants and their offers here in `grants`; payments, variations, returns and outcome payments
beside it). Each answers "may this person do this" (a `Permission`, with the reason) and "which
records may they see" (a queryset); views answer 404 for anything outside the queryset."""
