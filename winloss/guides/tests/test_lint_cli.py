"""winloss lint-questions: a readable report or JSON lines, stdin, and a clear error."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[3]
QUESTIONS = (
    "Did you like our award-winning support?\n"
    "\n"
    "How did your team decide which vendors to evaluate?\n"
    "   \n"
    "Wouldn’t you agree our TCO was lower?\n"
)


def _run(*args: str, **options) -> str:
    out = io.StringIO()
    call_command("lint_questions", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def questions(tmp_path) -> Path:
    path = tmp_path / "guide.txt"
    path.write_text(QUESTIONS, encoding="utf-8")
    return path


def test_json_prints_one_object_per_question_with_its_findings(questions):
    lines = [json.loads(line) for line in _run(str(questions), json=True).splitlines()]
    assert [line["question"] for line in lines] == [
        "Did you like our award-winning support?",
        "How did your team decide which vendors to evaluate?",
        "Wouldn’t you agree our TCO was lower?",
    ]
    first, neutral, last = lines
    assert [f["rule"] for f in first["findings"]] == ["closed", "praise"]
    assert list(first["findings"][0]) == ["rule", "message", "start", "end", "hint"]
    praise = first["findings"][1]
    assert first["question"][praise["start"] : praise["end"]] == "our award-winning"
    assert neutral["findings"] == []
    assert [f["rule"] for f in last["findings"]] == ["leading", "jargon"]


def test_the_report_names_each_line_its_offending_words_and_a_hint(questions):
    output = _run(str(questions))
    assert "Line 1: Did you like our award-winning support?" in output
    assert "“our award-winning” – Praise:" in output
    assert "Hint: Name the thing plainly" in output
    assert "Line 5: Wouldn’t you agree our TCO was lower?" in output
    assert "How did your team decide" not in output  # nothing to say about a neutral question
    assert output.rstrip().endswith("3 questions checked: 2 to revise, 1 fine.")


def test_a_dash_reads_the_questions_from_standard_input():
    output = _run("-", json=True, stdin=io.StringIO("Did you evaluate any other vendors?\n"))
    [line] = [json.loads(line) for line in output.splitlines()]
    assert line["question"] == "Did you evaluate any other vendors?"
    assert [f["rule"] for f in line["findings"]] == ["closed"]


def test_a_byte_order_mark_is_not_part_of_the_first_question(tmp_path):
    path = tmp_path / "excel.txt"
    path.write_bytes("How did the trial period go?\n".encode("utf-8-sig"))
    assert json.loads(_run(str(path), json=True))["question"] == "How did the trial period go?"


def test_a_file_that_cannot_be_read_is_a_clear_error_with_exit_code_2(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.txt: No such file") as raised:
        _run(str(tmp_path / "missing.txt"))
    assert raised.value.returncode == 2
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(128, 256)))
    with pytest.raises(CommandError, match="not UTF-8 text"):
        _run(str(binary))


def test_the_real_command_prints_json_lines_and_fails_cleanly_on_a_missing_file(
    tmp_path, questions
):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATA_DIR": str(tmp_path / "data"),
        "SECRET_KEY": "test-only",
    }
    env.pop("DATABASE_URL", None)

    def winloss(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "winloss", *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )

    done = winloss("lint-questions", str(questions), "--json")
    assert done.returncode == 0, done.stderr
    assert len([json.loads(line) for line in done.stdout.splitlines()]) == 3
    failed = winloss("lint-questions", str(tmp_path / "missing.txt"))
    assert failed.returncode == 2
    assert "Traceback" not in failed.stderr
    assert failed.stderr.strip().count("\n") == 0
    assert "Cannot read" in failed.stderr
