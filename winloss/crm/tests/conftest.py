import pytest

from winloss.crm.sync import save_connection

from .servers import HUBSPOT_TOKEN, LocalHubSpot, LocalSalesforce

CLIENT_ID = "3MVG9IHf89I1t8hrvswazsWedXWY0i1qK20PSFaInvUgLFB6vrcb9bbWFTSIHpO8G2jxBLJA6uZGyPFC5Aejq"
CLIENT_SECRET = "A1B2C3D4E5F6G7H8"


@pytest.fixture(autouse=True)
def crm_settings(settings):
    from cryptography.fernet import Fernet

    settings.CRM_SECRET_KEY = Fernet.generate_key().decode()
    # The local CRMs listen on the loopback, which a real installation's form refuses.
    settings.REMOTE_FETCH_ALLOW_PRIVATE = True


@pytest.fixture
def salesforce(monkeypatch):
    with LocalSalesforce(client_id=CLIENT_ID, client_secret=CLIENT_SECRET) as api:
        # The local Salesforce's own certificate: trusted as any CA bundle is, by requests.
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", api.ca_file)
        yield api


@pytest.fixture
def hubspot():
    with LocalHubSpot() as api:
        yield api


@pytest.fixture
def salesforce_connection(workspace, people, salesforce):
    return save_connection(
        workspace=workspace,
        user=people["admin"],
        kind="salesforce",
        base_url=salesforce.url,
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
    )


@pytest.fixture
def hubspot_connection(workspace, people, hubspot):
    return save_connection(
        workspace=workspace,
        user=people["admin"],
        kind="hubspot",
        base_url=hubspot.url,
        secret=HUBSPOT_TOKEN,
        competitor_property="competitor",
    )
