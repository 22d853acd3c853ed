"""The settings as production sees them: checked in a fresh process, the way an operator runs it."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest


def _winloss(*args: str, env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "TASK_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-m", "winloss", *args],
        env={**base, "DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _documented_production_settings(tmp_path: Path) -> dict[str, str]:
    """The variables ``docs/configuration.md``'s production example exports, as written there,
    with each ``…`` placeholder filled the way an operator would: random secrets of the length
    it asks for, a password in the connection addresses. Two values are moved onto this
    machine: the metrics folder (the example's ``/run/winloss-metrics``) and Sentry's host,
    so that nothing the check starts could reach another machine."""
    doc = (Path(__file__).resolve().parents[3] / "docs" / "configuration.md").read_text()
    example = doc.split("## A production example", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    found = {}
    for line in example.splitlines():
        exported = re.match(r"export (\w+)=('[^']*'|\S*)", line)
        if not exported:
            continue
        name, value = exported[1], exported[2].strip("'")
        random_text = re.fullmatch(r"…(\d+) random characters…", value)
        if random_text:
            value = secrets.token_urlsafe(int(random_text[1]))
        found[name] = value.replace("…", "placeholder-password")
    metrics = tmp_path / "metrics"
    metrics.mkdir()
    found["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
    found["SENTRY_DSN"] = re.sub(r"@[^/]+/", "@127.0.0.1:9/", found["SENTRY_DSN"])
    return found


def test_deploy_check_passes_cleanly_with_the_documented_production_settings(tmp_path):
    settings = _documented_production_settings(tmp_path)
    # The example is the whole production shape: if it loses one of these, this test no
    # longer checks what production runs with.
    expected = {"SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DATABASE_URL", "EMAIL_URL",
                "BEHIND_PROXY", "S3_BUCKET", "SENTRY_DSN", "METRICS_TOKEN",
                "OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"}  # fmt: skip
    assert expected <= set(settings)
    result = _winloss(
        "check", "--deploy", "--fail-level", "WARNING", env=settings, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_warns_when_email_links_would_point_elsewhere(tmp_path):
    result = _winloss(
        "check",
        "--deploy",
        env={"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "winloss.example.com"},
        tmp_path=tmp_path,
    )
    assert "winloss.W001" in result.stderr
    assert "SITE_URL is http://127.0.0.1:8000, a host not in ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize("value", ["winloss.example.com", "", "ftp://winloss.example.com"])
def test_a_site_url_without_its_scheme_stops_the_app(tmp_path, value):
    result = _winloss("check", env={"DEBUG": "1", "SITE_URL": value}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SITE_URL must be a whole address with http:// or https://" in result.stderr


def test_make_run_on_another_port_sends_links_to_that_port():
    root = Path(__file__).resolve().parents[3]
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    planned = _make("run", "PORT=8123", cwd=root, env=env)
    assert "SITE_URL=http://127.0.0.1:8123" in planned
    assert "runserver 127.0.0.1:8123" in planned
    configured = _make("run", "PORT=8123", cwd=root, env={**env, "SITE_URL": "https://wl.test"})
    assert "SITE_URL=https://wl.test" in configured
    assert "SITE_URL=http://127.0.0.1:8123" in _make("worker", "PORT=8123", cwd=root, env=env)


def _make(*args: str, cwd: Path, env: dict[str, str]) -> str:
    # -n prints the commands without running them; -o leaves the virtualenv as it is.
    result = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_a_half_configured_bucket_stops_the_app_naming_the_variables(tmp_path):
    env = {"DEBUG": "1", "S3_BUCKET": "winloss-files", "S3_ACCESS_KEY_ID": "AKIDEXAMPLE"}
    result = _winloss("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"OIDC_CLIENT_ID": "winloss"}, "OIDC_CLIENT_SECRET"),
        ({"OIDC_CLIENT_ID": "winloss", "OIDC_CLIENT_SECRET": "s"}, "OIDC_ISSUER"),
        (
            {"OIDC_CLIENT_ID": "w", "OIDC_CLIENT_SECRET": "s", "OIDC_ISSUER": "https://x.example"}
            | {"OIDC_SCOPES": "openid profile"},
            "OIDC_SCOPES",
        ),
        ({"SAML_IDP_METADATA_FILE": "idp.xml"}, "SAML_EMAIL_DOMAINS"),
        (
            {"SAML_IDP_METADATA_URL": "https://x.example/m", "SAML_EMAIL_DOMAINS": "x.example"}
            | {"SAML_SP_CERT_FILE": "sp.crt"},
            "SAML_SP_KEY_FILE",
        ),
        (
            {"SAML_IDP_METADATA_URL": "https://x.example/m", "SAML_EMAIL_DOMAINS": "x.example"}
            | {
                "OIDC_CLIENT_ID": "w",
                "OIDC_CLIENT_SECRET": "s",
                "OIDC_ISSUER": "https://x.example",
            },
            "not both",
        ),
    ],
)
def test_half_configured_single_sign_on_stops_the_app_naming_the_variable(tmp_path, env, named):
    result = _winloss("check", env={"DEBUG": "1", **env}, tmp_path=tmp_path)
    assert result.returncode != 0 and named in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _winloss("check", env={}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    assert "Traceback" not in result.stderr  # said in one line, for the person starting it


@pytest.mark.parametrize("value", ["ture", "2"])
def test_a_mistyped_flag_stops_the_app_naming_the_variable(tmp_path, value):
    result = _winloss("check", env={"DEBUG": value}, tmp_path=tmp_path)
    assert result.returncode != 0 and "DEBUG must be one of" in result.stderr


def test_local_use_generates_and_keeps_a_secret_key(tmp_path):
    first = _winloss("diffsettings", env={"DEBUG": "1"}, tmp_path=tmp_path)
    key = (tmp_path / "secret_key").read_text()
    second = _winloss("diffsettings", env={"DEBUG": "1"}, tmp_path=tmp_path)
    assert first.returncode == second.returncode == 0
    assert (tmp_path / "secret_key").read_text() == key and len(key) >= 50


def test_vendored_assets_are_served(client):
    for path in (
        "/static/vendor/pico-2.1.1.min.css",
        "/static/vendor/htmx-2.0.11.min.js",
        "/static/winloss/app.css",
        "/static/winloss/favicon.svg",
    ):
        assert client.get(path).status_code == 200, path


def test_production_collects_static_files_with_the_manifest_storage_where_static_dir_says(
    tmp_path,
):
    collected = tmp_path / "collected"
    env = {"SECRET_KEY": "test-only", "STATIC_DIR": str(collected)}
    result = _winloss("diffsettings", env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "winloss.lib.staticfiles.ManifestOnceCollected" in result.stdout
    assert f"STATIC_ROOT = PosixPath('{collected}')" in result.stdout
