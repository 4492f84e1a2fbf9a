"""Meeting requests, organizer-arranged meetings and participants' availability."""
