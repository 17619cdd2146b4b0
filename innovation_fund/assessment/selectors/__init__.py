"""Reads the assessment pages need, one module per job, with their joins done once."""
