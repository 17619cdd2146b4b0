"""What changes evaluations, plans, reports, findings and costs: one function per change."""
