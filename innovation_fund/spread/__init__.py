"""Spreading what works: managing innovations, recording adoptions, and coverage of the
authorities involved. The models live in `innovations` (low, so bids can name them); what
needs evaluation findings to decide lives here."""
