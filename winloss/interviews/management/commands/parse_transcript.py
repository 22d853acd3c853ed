import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from winloss.interviews.transcripts.formats import (
    FORMATS,
    Transcript,
    TranscriptError,
    parse_transcript,
)


class Command(BaseCommand):
    help = (
        "Read an interview transcript (WebVTT, SRT, Google Meet or Otter text, .docx, "
        "Podcasting 2.0, Gong or Fireflies JSON) and print its speaker turns: "
        "winloss parse-transcript FILE [--format FORMAT] [--json]. Nothing is saved."
    )
    # Reading a file touches no model, URL or database: the project's checks have no bearing.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The transcript file")
        parser.add_argument("--format", dest="file_format", choices=["auto", *FORMATS])
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path} cannot be read: {error.strerror}.", returncode=2) from None
        try:
            transcript = parse_transcript(
                data, filename=path.name, format=options["file_format"] or "auto"
            )
        except TranscriptError as error:
            raise CommandError(str(error), returncode=2) from None
        if options["json"]:
            self.stdout.write(json.dumps(transcript.as_dict(), ensure_ascii=False))
        else:
            self._describe(transcript)

    def _describe(self, transcript: Transcript) -> None:
        write = self.stdout.write
        speakers = ", ".join(transcript.speakers) or "none named"
        write(f"{transcript.format}: {len(transcript.turns)} turns; speakers: {speakers}")
        for turn in transcript.turns:
            write("")
            write(f"[{_clock(turn.start)}] {turn.speaker or '(unknown speaker)'}")
            write(f"  {turn.text}")


def _clock(value: float | None) -> str:
    if value is None:
        return "--:--"
    minutes, secs = divmod(int(value), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
