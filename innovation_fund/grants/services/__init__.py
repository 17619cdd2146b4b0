"""Every write to a grant after the decision, one module per part of its life: awards (the grant
made when a decision is announced), offers, schedules, payments, payment runs, variations,
outcome payments, returns and reminders. Each function is one transaction with its audit event;
emails and files happen on commit."""
