"""The deployment files agree with the app: the settings compose.yaml and the systemd units set
are ones winloss reads, the probes they ask exist, the commands they run are winloss's."""

import json
import re
import shlex
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import get_commands
from django.urls import resolve

ROOT = Path(__file__).resolve().parents[3]
SYSTEMD = ROOT / "deploy" / "systemd"
# Set for the libraries and programs around winloss, not for its settings.
READ_BY_OTHERS = {"WEB_CONCURRENCY": "gunicorn", "PROMETHEUS_MULTIPROC_DIR": "prometheus_client"}


def _settings_read() -> set[str]:
    """The environment variables settings.py reads, through its helpers or os.environ."""
    source = (ROOT / "winloss" / "settings.py").read_text()
    calls = r'(?:env(?:bool|int|str|list|url|timings)|os\.environ\.get)\(\s*"([A-Z0-9_]+)"'
    return set(re.findall(calls, source))


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def _winloss_services() -> dict[str, dict]:
    services = _compose()["services"]
    return {name: s for name, s in services.items() if s.get("image") == "winloss:local"}


def _dockerfile_stages() -> list[list[str]]:
    """Each stage's instructions, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    stages: list[list[str]] = []
    for line in lines:
        if line.startswith("FROM "):
            stages.append([])
        if stages and line and not line.startswith("#"):
            stages[-1].append(line)
    return stages


def _instruction(stage: list[str], name: str) -> list[str]:
    return [line[len(name) + 1 :] for line in stage if line.startswith(f"{name} ")]


def _exec_lines(unit: Path) -> list[list[str]]:
    """Every ExecStart…= command of a unit as argv, a ``sh -c`` script split too."""
    commands = []
    for line in unit.read_text().splitlines():
        if re.match(r"ExecStart(Pre|Post)?=", line):
            argv = shlex.split(line.split("=", 1)[1])
            if argv[0].endswith("/sh") and argv[1] == "-c":
                argv = shlex.split(argv[2])
            commands.append(argv[1:] if argv[0] == "exec" else argv)
    return commands


def _winloss_command(argv: list[str]) -> str | None:
    return argv[1].replace("-", "_") if Path(argv[0]).name == "winloss" else None


def test_every_setting_compose_gives_winloss_is_one_it_reads():
    read = _settings_read()
    for name, service in _winloss_services().items():
        unknown = set(service["environment"]) - read - set(READ_BY_OTHERS)
        assert not unknown, f"{name} sets {sorted(unknown)}, which winloss/settings.py never reads"


def test_every_setting_the_systemd_env_file_lists_is_one_winloss_reads():
    listed = re.findall(r"^([A-Z0-9_]+)=", (SYSTEMD / "env.example").read_text(), re.M)
    assert set(listed) - _settings_read() - set(READ_BY_OTHERS) == set()


def test_the_env_example_lists_every_value_compose_requires_and_nothing_else():
    compose = (ROOT / "compose.yaml").read_text()
    example = (ROOT / ".env.example").read_text()
    required = set(re.findall(r"\$\{([A-Z0-9_]+):\?", compose))
    listed = set(re.findall(r"^([A-Z0-9_]+)=", example, re.M))
    optional = set(re.findall(r"^# ([A-Z0-9_]+)=", example, re.M))
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", compose))
    assert required <= listed
    assert listed | optional <= used


def test_the_health_checks_ask_routes_that_exist():
    web = _compose()["services"]["web"]
    assert resolve(_probe_path(web["healthcheck"]["test"])).url_name == "readyz"
    image = _instruction(_dockerfile_stages()[-1], "HEALTHCHECK")[0]
    assert resolve(_probe_path(image)).url_name == "healthz"


def _probe_path(command: list[str] | str) -> str:
    text = command if isinstance(command, str) else " ".join(command)
    found = re.search(r"http://127\.0\.0\.1:8000(/\w+)", text)
    assert found, command
    return found.group(1)


def test_compose_migrates_once_then_runs_the_app_and_the_workers():
    services = _winloss_services()
    assert services["migrate"]["command"] == ["winloss", "migrate", "--noinput"]
    assert services["worker"]["command"] == ["winloss", "worker"]
    assert "command" not in services["web"]  # the image's: gunicorn
    for name in ("web", "worker"):
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully"


def test_the_systemd_units_run_real_winloss_commands():
    commands = get_commands()
    ran = set()
    for unit in SYSTEMD.glob("*.service"):
        for argv in _exec_lines(unit):
            command = _winloss_command(argv)
            if command is not None:
                assert command in commands, f"{unit.name}: no winloss command {command!r}"
                ran.add(command)
            elif Path(argv[0]).name == "gunicorn":
                assert f"{argv[1]}.application" == settings.WSGI_APPLICATION, unit.name
    assert ran == {"worker", "backup"}


def test_the_image_and_the_unit_run_gunicorn_alike_bar_the_address():
    image = json.loads(_instruction(_dockerfile_stages()[-1], "CMD")[0])
    (unit,) = _exec_lines(SYSTEMD / "winloss-web.service")

    def options(argv: list[str]) -> list[str]:
        # The address differs (all interfaces in a container, loopback on a machine), and only
        # a container needs the heartbeat files in memory.
        words, kept = iter(argv[1:]), []
        for word in words:
            if word in ("--bind", "--worker-tmp-dir"):
                next(words)
            else:
                kept.append(word)
        return kept

    assert Path(unit[0]).name == image[0] == "gunicorn"
    assert options(unit) == options(image)


def test_the_image_collects_static_files_and_runs_as_a_user_of_its_own():
    stages = _dockerfile_stages()
    final = stages[-1]
    assert any("winloss collectstatic --noinput" in run for run in _instruction(final, "RUN"))
    users = _instruction(final, "USER")
    assert users and users[-1].split(":")[0] not in ("root", "0")
    # The static files are collected outside the data volume (which would keep old ones).
    env = " ".join(_instruction(final, "ENV"))
    static_dir = re.search(r"STATIC_DIR=(\S+)", env).group(1)
    (volume,) = json.loads(_instruction(final, "VOLUME")[0])
    assert not static_dir.startswith(volume)


def test_the_image_installs_the_pinned_dependencies_and_gunicorn_with_them():
    builder = " ".join(_instruction(_dockerfile_stages()[0], "RUN"))
    assert 'pip install --constraint requirements/constraints.txt ".[server]"' in builder
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'server = \[\s*"gunicorn[>=]', pyproject)
    assert re.search(r"^gunicorn==", (ROOT / "requirements/constraints.txt").read_text(), re.M)


def test_the_image_has_the_postgresql_client_of_the_compose_server():
    arg = _instruction(_dockerfile_stages()[-1], "ARG")
    major = next(a.split("=")[1] for a in arg if a.startswith("PG_MAJOR="))
    assert _compose()["services"]["db"]["image"] == f"postgres:{major}"
