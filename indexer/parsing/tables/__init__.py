"""Tables in every encoding: text grids, ruled and ledger tables, one Grid, column roles by header and by content,
and the records a table row becomes."""
