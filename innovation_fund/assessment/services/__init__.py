"""Every change in assessment, one module per job. Each function runs in one transaction, checks
the person may do it, and records its audit event inside that transaction; emails go after
commit. Views and commands call these and nothing else to change anything."""
