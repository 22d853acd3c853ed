"""``winloss export-openapi-schema`` prints the API's schema, as /api/v1/openapi.json serves it."""

import json
from io import StringIO

from django.core.management import call_command


def test_the_schema_command_finds_the_api_without_being_told_where():
    out = StringIO()
    call_command("export_openapi_schema", stdout=out)
    schema = json.loads(out.getvalue())
    assert schema["info"]["title"] == "winloss API"
    assert "/api/v1/deals" in schema["paths"]
