"""winloss parse-transcript: a readable listing, one JSON object, one line and exit 2 on error."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "transcripts"
DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[3]


def _run(*args, **options) -> str:
    out = io.StringIO()
    call_command("parse_transcript", *args, stdout=out, **options)
    return out.getvalue()


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"no shared transcripts at {SHARED}")
def test_json_prints_one_object_with_the_format_speakers_and_turns():
    data = json.loads(_run(str(SHARED / "podcast_voice_tags.vtt"), json=True))
    assert list(data) == ["format", "speakers", "turns"]
    assert data["format"] == "webvtt" and data["speakers"] == ["Sarah", "Gillian"]
    assert data["turns"][1] == {
        "speaker": "Gillian",
        "start": 19.08,
        "end": 25.35,
        "text": "Hi Buzzsprout, Gillian here from breaking through careers podcast. "
        "My question is, do we need a podcast trailer?",
    }


def test_the_listing_shows_each_turn_with_its_time_and_speaker():
    output = _run(str(DATA / "otter_interview.txt"))
    assert output.startswith("otter: 5 turns; speakers: Priya Natarajan, Dana Whitfield\n")
    assert "[01:05] Dana Whitfield\n  Yes. Pricing came later, around week six." in output
    assert "[01:02] (unknown speaker)\n" in output
    assert "[1:02:03] Priya Natarajan\n" in output


def test_a_format_can_be_forced():
    data = json.loads(_run(str(DATA / "gong_call.json"), json=True, file_format="gong_json"))
    assert data["format"] == "gong_json" and len(data["turns"]) == 3


def test_an_unreadable_file_fails_with_exit_code_2_and_one_line():
    with pytest.raises(CommandError) as raised:
        _run(str(DATA / "truncated_header.vtt"))
    assert raised.value.returncode == 2
    assert "\n" not in str(raised.value)
    assert str(raised.value).startswith(
        "truncated_header.vtt cannot be read as WebVTT: a WebVTT file starts"
    )


def test_a_missing_file_fails_with_exit_code_2(tmp_path):
    with pytest.raises(CommandError, match="cannot be read: No such file") as raised:
        _run(str(tmp_path / "nowhere.vtt"))
    assert raised.value.returncode == 2


def test_the_real_command_prints_one_line_on_stderr_and_exits_2(tmp_path):
    env = {**os.environ, "DEBUG": "1", "SECRET_KEY": "test-only", "DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "winloss", "parse-transcript", str(DATA / "wrong_shape.json")],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "wrong_shape.json is not a transcript format winloss reads: it is JSON" in done.stderr
