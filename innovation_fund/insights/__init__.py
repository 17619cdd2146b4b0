"""Insights: articles the programme team writes about what it has learnt, linked to projects,
innovations and outcomes, published on the public site and in its feed."""
