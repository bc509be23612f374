"""Conversations (issue 18): follow-up questions resolved by rules against what the last answer cited."""
