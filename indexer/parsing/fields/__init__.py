"""A task's fields: unit names (grammar, subject units, item units) and deadlines."""
