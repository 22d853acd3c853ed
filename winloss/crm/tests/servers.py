"""Local Salesforce and HubSpot: HTTP servers in a thread that answer the requests the sync
sends with the shapes the vendors document (``fixtures/``, each file's source in its README).

They hold their records in memory and filter them by the cursor the request carries (SOQL's
``SystemModstamp >``, HubSpot's ``hs_lastmodifieddate`` ``GT`` filter), so a test changes a
record between two syncs as the CRM would. ``queue`` makes the next answers something else (a
429, a 503) before the normal ones resume, ``update_queue`` the next answers to updates.
Salesforce's client only speaks https, so the local Salesforce serves TLS with a certificate
made for the test (``ca_file``)."""

import copy
import datetime as dt
import json
import re
import ssl
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


@dataclass
class Seen:
    method: str
    path: str
    query: dict
    body: Any
    headers: dict


Answer = tuple[int, dict, Any]


class LocalApi:
    def __init__(self, *, tls: bool = False) -> None:
        self.seen: list[Seen] = []
        self.queue: list[Answer] = []
        self.update_queue: list[Answer] = []  # the same, for updates (PATCH) only
        api = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body: Any = raw.decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or b"null")
                elif "x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
                    body = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                request = Seen(self.command, parts.path, parse_qs(parts.query), body,
                               dict(self.headers))  # fmt: skip
                api.seen.append(request)
                queue = api.update_queue if self.command == "PATCH" else api.queue
                status, headers, payload = queue.pop(0) if queue else api.answer(request)
                # 204 No Content (Salesforce's answer to an update) has no body at all.
                data = b"" if status == 204 else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = _answer

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.ca_file = ""
        if tls:
            self.ca_file = _certificate_for_localhost(self.server)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        scheme = "https" if self.ca_file else "http"
        return f"{scheme}://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, request: Seen) -> Answer:
        raise NotImplementedError

    def __enter__(self) -> "LocalApi":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


def _certificate_for_localhost(server: ThreadingHTTPServer) -> str:
    """A self-signed certificate for 127.0.0.1, served by ``server``; the file to trust."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = Path(tempfile.mkdtemp(prefix="winloss-crm-tls-"))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    return str(cert_file)


SF_OBJECTS = (
    "Account",
    "Opportunity",
    "OpportunityCompetitor",
    "Contact",
    "OpportunityContactRole",
)
SF_TOKEN = fixture("salesforce/token.json")["access_token"]


def sf_time(text: str) -> dt.datetime:
    if text.endswith("Z"):
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%f%z")


class LocalSalesforce(LocalApi):
    """Salesforce's token endpoint and SOQL query resource, over https."""

    def __init__(self, *, client_id: str, client_secret: str) -> None:
        super().__init__(tls=True)
        self.client_id, self.client_secret = client_id, client_secret
        self.records = {
            name: fixture(f"salesforce/{name.lower()}.json")["records"] for name in SF_OBJECTS
        }
        # Records per answer; more follow at ``nextRecordsUrl`` (Salesforce's is 2,000).
        self.page_size: int | None = None
        self._rest: dict[str, list[dict]] = {}
        # The org's custom Opportunity fields a write may name (Salesforce refuses others).
        self.custom_fields = {"Win_Loss_Status__c", "Win_Loss_Reasons__c", "Win_Loss_Summary__c"}
        # Deleted Opportunities (the recycle bin and delete log): record, deletedDate.
        self.recycle_bin: list[tuple[dict, str]] = []

    def record(self, object_name: str, record_id: str) -> dict:
        return next(r for r in self.records[object_name] if r["Id"] == record_id)

    def delete(self, record_id: str, when: str) -> None:
        """Delete an Opportunity as a person in Salesforce does: queries no longer see it,
        queryAll does (``IsDeleted``), and the delete log lists it from ``when``."""
        found = self.record("Opportunity", record_id)
        self.records["Opportunity"].remove(found)
        self.recycle_bin.append((found, when))

    @property
    def queries(self) -> list[str]:
        return [
            s.query["q"][0]
            for s in self.seen
            if s.path.endswith("/query/") or s.path.endswith("/queryAll/")
        ]

    def answer(self, request: Seen) -> Answer:
        if request.path == "/services/oauth2/token":
            body = request.body
            if (body.get("client_id"), body.get("client_secret")) != (
                self.client_id,
                self.client_secret,
            ):
                return 400, {}, fixture("salesforce/token_refused.json")
            return 200, {}, fixture("salesforce/token.json")
        if request.headers.get("Authorization") != f"Bearer {SF_TOKEN}":
            return 401, {}, [{"message": "Session expired or invalid",
                              "errorCode": "INVALID_SESSION_ID"}]  # fmt: skip
        update = re.fullmatch(r"/services/data/v[\d.]+/sobjects/Opportunity/(\w+)", request.path)
        if update and request.method == "PATCH":
            return self._update(update.group(1), request.body)
        more = re.fullmatch(r"/services/data/v[\d.]+/query/(01g\w+-\d+)", request.path)
        if more:
            return 200, {}, self._page(self._rest.pop(more.group(1)))
        deleted = re.fullmatch(
            r"/services/data/v[\d.]+/sobjects/Opportunity/deleted/", request.path
        )
        if deleted:
            return self._deleted(request)
        soql = request.query["q"][0]
        object_name = re.search(r"\bFROM (\w+)", soql).group(1)  # type: ignore[union-attr]
        records = copy.deepcopy(self.records[object_name])
        if request.path.endswith("/queryAll/") and object_name == "Opportunity":
            records += [{**copy.deepcopy(r), "IsDeleted": True} for r, _ in self.recycle_bin]
        if "IsDeleted = true" in soql:
            records = [r for r in records if r.get("IsDeleted")]
        named = re.search(r"WHERE (\w+) IN \(([^)]*)\)", soql)
        if named:
            ids = set(re.findall(r"'(\w+)'", named.group(2)))
            records = [r for r in records if r.get(named.group(1)) in ids]
        after = re.search(r"WHERE SystemModstamp > (\S+)", soql)
        if after:
            since = sf_time(after.group(1))
            contacts = {
                c["Id"] for c in self.records["Contact"] if sf_time(c["SystemModstamp"]) > since
            }
            records = [
                r
                for r in records
                if sf_time(r["SystemModstamp"]) > since
                or ("OR ContactId IN" in soql and r.get("ContactId") in contacts)
            ]
        return 200, {}, self._page(records)

    def _deleted(self, request: Seen) -> Answer:
        """sObject Get Deleted: the ids deleted between ``start`` and ``end``."""
        start, end = (dt.datetime.fromisoformat(request.query[k][0]) for k in ("start", "end"))
        if start >= end:
            said = {"message": "start must be before end", "errorCode": "INVALID_REPLICATION_DATE"}
            return 400, {}, [said]
        answer = fixture("salesforce/deleted.json")
        answer["deletedRecords"] = [
            {"id": r["Id"], "deletedDate": when}
            for r, when in self.recycle_bin
            if start <= sf_time(when) <= end
        ]
        return 200, {}, answer

    @property
    def updates(self) -> list[tuple[str, dict]]:
        """Each Opportunity update received: (the record's id, the fields sent)."""
        return [
            (s.path.rsplit("/", 1)[1], s.body)
            for s in self.seen
            if s.method == "PATCH" and "/sobjects/Opportunity/" in s.path
        ]

    def _update(self, record_id: str, fields: dict) -> Answer:
        found = [r for r in self.records["Opportunity"] if r["Id"] == record_id]
        if not found:
            return 404, {}, fixture("salesforce/not_found.json")
        unknown = sorted(set(fields) - set(found[0]) - self.custom_fields)
        if unknown:
            said = fixture("salesforce/invalid_field.json")
            said[0]["message"] = said[0]["message"].replace("Foo__c", unknown[0])
            return 400, {}, said
        found[0].update(fields)
        return 204, {}, None

    def _page(self, records: list[dict]) -> dict:
        if self.page_size is None or len(records) <= self.page_size:
            return {"totalSize": len(records), "done": True, "records": records}
        locator = f"01gD0000002HU6KIAW-{len(self._rest) + 1}"
        self._rest[locator] = records[self.page_size :]
        return {
            "totalSize": len(records),
            "done": False,
            "nextRecordsUrl": f"/services/data/v59.0/query/{locator}",
            "records": records[: self.page_size],
        }


def _flag(request: Seen, name: str) -> bool:
    return (request.query.get(name) or ["false"])[0].lower() == "true"


def _modified(record: dict) -> dt.datetime:
    return dt.datetime.fromisoformat(
        record["properties"]["hs_lastmodifieddate"].replace("Z", "+00:00")
    )


HUBSPOT_TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555"


class LocalHubSpot(LocalApi):
    """HubSpot's CRM search and v4 associations batch read."""

    def __init__(self) -> None:
        super().__init__()
        self.records = {
            kind: fixture(f"hubspot/{kind}_search.json")["results"]
            for kind in ("deals", "companies", "contacts")
        }
        self.page_size: int | None = None  # HubSpot's is the request's ``limit``
        self.results_per_search = 10_000  # HubSpot's cap: paging past it answers 400
        self.archived: list[dict] = []  # deleted deals, as the archived list shows them
        self.owners = fixture("hubspot/owners.json")["results"]
        self.associations = {
            (a, b): fixture(f"hubspot/associations_{a}_{b}.json")["results"]
            for a, b in (("deals", "companies"), ("deals", "contacts"), ("contacts", "deals"))
        }

    def archive(self, deal_id: str, when: str) -> None:
        """Delete a deal as a person in HubSpot does: searches and reads no longer find it,
        the archived list and an ``archived=true`` read do."""
        found = next(d for d in self.records["deals"] if d["id"] == deal_id)
        self.records["deals"].remove(found)
        self.archived.append({**found, "archived": True, "archivedAt": when})

    def _batch_read(self, kind: str, request: Seen) -> Answer:
        archived = _flag(request, "archived")
        pool = self.archived if archived else self.records[kind]
        if archived and kind != "deals":
            pool = []
        wanted = [i["id"] for i in request.body["inputs"]]
        found = [copy.deepcopy(r) for r in pool if r["id"] in wanted]
        answer = fixture("hubspot/batch_read.json")
        answer["results"] = found
        missing = [i for i in wanted if i not in {r["id"] for r in found}]
        if not missing:
            return 200, {}, answer
        answer["numErrors"] = len(missing)
        answer["errors"] = [
            {"status": "error", "category": "OBJECT_NOT_FOUND",
             "message": f"Could not get some {kind} objects, they may be deleted or not exist.",
             "context": {"ids": missing}}
        ]  # fmt: skip
        return 207, {}, answer

    def _list_archived(self, request: Seen) -> Answer:
        # The client writes Python's True; HubSpot reads the flag without regard to case.
        assert _flag(request, "archived"), "only the archived list is read"
        start = int((request.query.get("after") or ["0"])[0])
        size = int((request.query.get("limit") or ["10"])[0])
        answer: dict = {"results": copy.deepcopy(self.archived[start : start + size])}
        if start + size < len(self.archived):
            answer["paging"] = {"next": {"after": str(start + size)}}
        return 200, {}, answer

    @property
    def updates(self) -> list[tuple[str, dict]]:
        """Each deal update received: (the deal's id, the properties sent)."""
        return [
            (s.path.rsplit("/", 1)[1], s.body["properties"])
            for s in self.seen
            if s.method == "PATCH" and s.path.startswith("/crm/v3/objects/deals/")
        ]

    def searches(self, kind: str) -> list[dict]:
        return [s.body for s in self.seen if s.path == f"/crm/v3/objects/{kind}/search"]

    def answer(self, request: Seen) -> Answer:
        if request.headers.get("Authorization") != f"Bearer {HUBSPOT_TOKEN}":
            return 401, {}, {"status": "error", "message": "Authentication credentials not "
                             "found.", "category": "INVALID_AUTHENTICATION"}  # fmt: skip
        search = re.fullmatch(r"/crm/v3/objects/(\w+)/search", request.path)
        if search:
            results = self.records[search.group(1)]
            for group in request.body.get("filterGroups") or []:
                for f in group["filters"]:
                    assert f["propertyName"] == "hs_lastmodifieddate"
                    assert f["operator"] in ("GT", "GTE")
                    since = dt.datetime.fromtimestamp(int(f["value"]) / 1000, dt.UTC)
                    results = [
                        r
                        for r in results
                        if (
                            _modified(r) > since if f["operator"] == "GT" else _modified(r) >= since
                        )
                    ]
            results = sorted(results, key=_modified)  # the request's sort
            start = int(request.body.get("after") or 0)
            size = self.page_size or int(request.body.get("limit") or 10)
            if start + size > self.results_per_search:
                return 400, {}, fixture("hubspot/search_limit.json")
            page = copy.deepcopy(results[start : start + size])
            answer: dict = {"total": len(results), "results": page}
            if start + size < len(results):
                answer["paging"] = {"next": {"after": str(start + size),
                                             "link": "?after=" + str(start + size)}}  # fmt: skip
            return 200, {}, answer
        read = re.fullmatch(r"/crm/v3/objects/(\w+)/batch/read", request.path)
        if read:
            return self._batch_read(read.group(1), request)
        if request.path == "/crm/v3/objects/deals" and request.method == "GET":
            return self._list_archived(request)
        if request.path.rstrip("/") == "/crm/v3/owners":
            archived = _flag(request, "archived")
            owners = [o for o in self.owners if o["archived"] == archived]
            return 200, {}, {"results": owners}
        update = re.fullmatch(r"/crm/v3/objects/deals/(\d+)", request.path)
        if update and request.method == "PATCH":
            found = [d for d in self.records["deals"] if d["id"] == update.group(1)]
            if not found:
                return 404, {}, fixture("hubspot/not_found.json")
            found[0]["properties"].update(request.body["properties"])
            answer = fixture("hubspot/deal_update.json")
            answer["id"] = found[0]["id"]
            answer["properties"] = {**found[0]["properties"]}
            return 200, {}, answer
        batch = re.fullmatch(r"/crm/v4/associations/(\w+)/(\w+)/batch/read", request.path)
        if batch:
            wanted = {i["id"] for i in request.body["inputs"]}
            found = self.associations[(batch.group(1), batch.group(2))]
            results = [r for r in found if r["from"]["id"] in wanted]
            answer = {"status": "COMPLETE", "results": results,
                      "startedAt": "2025-03-05T12:00:00.000Z",
                      "completedAt": "2025-03-05T12:00:00.050Z"}  # fmt: skip
            alone = sorted(wanted - {r["from"]["id"] for r in results})
            if not alone:
                return 200, {}, answer
            # Ids with no association: 207, each named in ``errors``, as HubSpot answers.
            answer["numErrors"] = len(alone)
            answer["errors"] = [
                {"status": "error", "category": "OBJECT_NOT_FOUND",
                 "subCategory": "crm.associations.NO_ASSOCIATIONS_FOUND",
                 "context": {"fromObjectId": [i]},
                 "message": f"No {batch.group(2)} is associated with {batch.group(1)} {i}."}
                for i in alone
            ]  # fmt: skip
            return 207, {}, answer
        return 404, {}, {"status": "error", "message": "Not found", "category": "OBJECT_NOT_FOUND"}
