"""A real OpenID Connect provider for the sign-in tests: django-oidc-provider in a second
Django process, with its own settings, SQLite file and people (``serve.py`` starts it)."""
