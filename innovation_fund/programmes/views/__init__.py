"""Programme managers' pages, one module per job."""
