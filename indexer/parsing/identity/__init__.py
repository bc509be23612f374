"""A document's identity: title and 文号, its place from every clue, its plan year, and what an operator declared."""
