"""Business logic of organisations: survey answers, file import/export, directory.

Plain module-level functions with keyword-only arguments; views, the API and management
commands call these and nothing else.
"""
