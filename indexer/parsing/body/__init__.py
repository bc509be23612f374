"""The body: numbering grammar, blocks and their kinds, unit markers, run-on PDF lines, lead-in scopes, and the
fallback that reads task-like lines when no structure is found."""
