"""What an applicant is told of their bid's outcome, provided by the app that decides it.

Applications sits below assessment in the layers (docs/decisions/0014-app-layers.md), so the bid
page cannot ask assessment directly. Assessment registers the one function that answers, in its
`AppConfig.ready`; until it has (in a project without assessment), there is nothing to tell.
"""

from innovation_fund.core.providers import Provider

# `applicant_outcome(application)` is what the lead organisation may be told of the outcome
# (assessment registers it); with nothing registered there is nothing to tell.
applicant_outcome = Provider("What an applicant is told", fallback=lambda application: None)
