"""Start the test identity provider: ``python -m winloss.sso.tests.saml_idp.serve PORT AUDIENCE``.

It makes its signing key and certificate at start-up, publishes them in its metadata
(``/metadata``), and serves the sign-in page (``/sso``, HTTP-Redirect binding) that answers
with an auto-posted form carrying a signed response (HTTP-POST binding), as Entra or Okta do,
with Entra's attribute names. AUDIENCE is the service provider's entity id it signs for. The
people (password ``idp-pass-1``):

- alice@acme.test — in the group winloss-admins
- newbie@acme.test — in the group winloss-analysts
- sneaky@elsewhere.test — an address outside the company's domain
- nomail — no email address released
- unsigned@acme.test — the response signed, not the assertion inside it
"""

import datetime as dt
import html
import sys
import uuid
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from onelogin.saml2.utils import OneLogin_Saml2_Utils

PASSWORD = "idp-pass-1"
EMAIL = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
NAME = "http://schemas.microsoft.com/identity/claims/displayname"
GROUPS = "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"
PEOPLE = {
    "alice@acme.test": ("Alice Admin", ["winloss-admins"]),
    "newbie@acme.test": ("Nina Newbie", ["winloss-analysts"]),
    "sneaky@elsewhere.test": ("Sam Sneaky", []),
    "nomail": ("No Mail", []),
    # Its response is signed as a whole, its assertion not: winloss wants the assertion signed.
    "unsigned@acme.test": ("Una Unsigned", []),
}
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
UNSPECIFIED = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"


def key_pair() -> tuple[str, str]:
    """A new RSA key and a self-signed certificate for it, both PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test identity provider")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode()


class IdentityProvider:
    def __init__(self, url: str, audience: str) -> None:
        self.url = url
        self.entity_id = f"{url}/metadata"
        self.audience = audience
        self.key, self.certificate = key_pair()

    def metadata(self) -> str:
        body = "".join(self.certificate.strip().splitlines()[1:-1])
        return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{self.entity_id}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>
      <ds:X509Certificate>{body}</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{self.url}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""

    def response(self, *, request_id: str, acs: str, login: str) -> str:
        """A Response answering ``request_id``, its assertion signed; base64 as posted."""
        name, groups = PEOPLE[login]
        now = dt.datetime.now(dt.UTC)
        instant = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        until = (now + dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
        assertion_id = f"_{uuid.uuid4().hex}"
        values = {EMAIL: [login] if "@" in login else [], NAME: [name], GROUPS: groups}
        attributes = "".join(
            f'<saml:Attribute Name="{attribute}">'
            + "".join(f"<saml:AttributeValue>{html.escape(v)}</saml:AttributeValue>" for v in found)
            + "</saml:Attribute>"
            for attribute, found in values.items()
            if found
        )
        assertion = f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"
    ID="{assertion_id}" Version="2.0" IssueInstant="{instant}">
  <saml:Issuer>{self.entity_id}</saml:Issuer>
  <saml:Subject>
    <saml:NameID Format="{UNSPECIFIED}">{login}</saml:NameID>
    <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
      <saml:SubjectConfirmationData InResponseTo="{request_id}" NotOnOrAfter="{until}"
          Recipient="{acs}"/>
    </saml:SubjectConfirmation>
  </saml:Subject>
  <saml:Conditions NotBefore="{instant}" NotOnOrAfter="{until}">
    <saml:AudienceRestriction><saml:Audience>{self.audience}</saml:Audience></saml:AudienceRestriction>
  </saml:Conditions>
  <saml:AuthnStatement AuthnInstant="{instant}" SessionIndex="{assertion_id}">
    <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext>
  </saml:AuthnStatement>
  <saml:AttributeStatement>{attributes}</saml:AttributeStatement>
</saml:Assertion>"""
        sign_assertion = login != "unsigned@acme.test"
        signed_text = self._signed(assertion) if sign_assertion else assertion
        response = f"""<samlp:Response xmlns:samlp="{SAMLP}"
    xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{uuid.uuid4().hex}" Version="2.0"
    IssueInstant="{instant}" Destination="{acs}" InResponseTo="{request_id}">
  <saml:Issuer>{self.entity_id}</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="{SUCCESS}"/></samlp:Status>
  {signed_text}
</samlp:Response>"""
        return OneLogin_Saml2_Utils.b64encode(
            response if sign_assertion else self._signed(response)
        )

    def _signed(self, xml: str) -> str:
        """``xml`` with the identity provider's enveloped signature of its root element."""
        signed = OneLogin_Saml2_Utils.add_sign(xml, self.key, self.certificate)
        text = signed.decode() if isinstance(signed, bytes) else str(signed)
        return text.replace('<?xml version="1.0"?>', "").strip()

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        if path == "/metadata":
            return _answer(start_response, self.metadata(), "application/samlmetadata+xml")
        if path == "/sso" and environ["REQUEST_METHOD"] == "GET":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            return _answer(start_response, _login_page(query, ""))
        if path == "/sso" and environ["REQUEST_METHOD"] == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(size).decode())
            login = (form.get("username") or [""])[0]
            if login not in PEOPLE or (form.get("password") or [""])[0] != PASSWORD:
                return _answer(start_response, _login_page(form, "Wrong email or password."))
            request = etree.fromstring(
                OneLogin_Saml2_Utils.decode_base64_and_inflate(form["SAMLRequest"][0])
            )
            acs = request.get("AssertionConsumerServiceURL")
            saml_response = self.response(request_id=request.get("ID"), acs=acs, login=login)
            relay = (form.get("RelayState") or [""])[0]
            return _answer(start_response, _post_page(acs, saml_response, relay))
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]


def _answer(start_response, text: str, kind: str = "text/html; charset=utf-8"):
    start_response("200 OK", [("Content-Type", kind)])
    return [text.encode()]


def _login_page(query: dict, error: str) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(query[name][0])}">'
        for name in ("SAMLRequest", "RelayState")
        if query.get(name)
    )
    return f"""<!doctype html><html><head><title>Example Company sign-in</title></head><body>
<h1>Example Company sign-in</h1><p>{error}</p>
<form method="post" action="/sso">{hidden}
<label>Email <input name="username"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in</button></form></body></html>"""


def _post_page(acs: str, saml_response: str, relay: str) -> str:
    return f"""<!doctype html><html><head><title>Signing you in</title></head>
<body><form method="post" action="{html.escape(acs)}" id="saml">
<input type="hidden" name="SAMLResponse" value="{saml_response}">
<input type="hidden" name="RelayState" value="{html.escape(relay)}">
<button type="submit">Continue to winloss</button></form></body></html>"""


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main() -> None:
    port, audience = int(sys.argv[1]), sys.argv[2]
    # Named localhost, like the browser tests' live server: the same site, so that the browser
    # sends winloss's Lax cookie with the post back (over HTTPS winloss's cookie is
    # SameSite=None, for identity providers on their own sites).
    identity_provider = IdentityProvider(f"http://localhost:{port}", audience)
    make_server("127.0.0.1", port, identity_provider, handler_class=_Quiet).serve_forever()


if __name__ == "__main__":
    main()
