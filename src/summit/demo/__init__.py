"""The demo summit: fictional organizations, people and their activity, loaded by `make demo`.

The app sits above every other one (last in INSTALLED_APPS): it builds its data through the
other apps' domain functions and models, and none of them imports it.
"""
