"""Pages of the meetings app, one module per area: committees, meetings (with attendance,
the minutes and their workflow), agenda (the small POST-only changes of agenda items,
action items, attachments and amendments), search (open action items, search)."""
