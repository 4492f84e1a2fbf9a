"""Summit: the Django web platform of Bio Partnering (events, organizations, survey, ...)."""
