"""Staff security: second factor, login budgets, sessions, admin access, audit chain."""
