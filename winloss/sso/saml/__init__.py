"""Single sign-on with a SAML 2.0 identity provider (python3-saml, ADR 0015): the service
provider's settings and the identity provider's metadata (``config.py``), checking an
assertion and signing its person in through the same path as OpenID Connect
(``services.py``), and the ``/saml/`` routes (``views.py``)."""
