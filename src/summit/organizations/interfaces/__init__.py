"""Forms and exporters of organisations: the shapes data takes on the way in and out."""
