"""What assessment tells the apps above it, so that it never imports them.

`batch_announced` is sent inside the transaction that announces a batch of decisions, after the
bids have moved to announced. Receivers do their part in the same transaction (grants makes each
approval a grant and queues the letters; open data queues fresh files) and return what they
made, so the announcement's audit event can name it. An exception in a receiver rolls the whole
announcement back.
"""

from django.dispatch import Signal

# Sent with sender=AwardBatch, batch=<AwardBatch>, decisions=[<Decision>...], actor=<User>.
batch_announced = Signal()
