"""A real SAML 2.0 identity provider for the sign-in tests, in a second process (``serve.py``):
it reads winloss's authentication request, signs a person in with a password, and posts back
an assertion signed with a key pair it makes when it starts."""
