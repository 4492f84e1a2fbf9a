"""Event archives: every row of one event as a versioned ZIP that imports into an empty database."""
