"""Signals other apps listen to, so that programmes need not know them (it sits below them).

`round_visibility_changed` is sent, inside the transaction, when a round joins or leaves the
public pages (published or unpublished). The open data app connects to it in its
`AppConfig.ready` and republishes once the change commits: the round's grants join or leave the
open data.
"""

from django.dispatch import Signal

round_visibility_changed = Signal()  # sender=Round, funding_round=<Round>
