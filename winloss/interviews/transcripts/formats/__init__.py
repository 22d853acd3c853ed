"""Interview transcripts read from the files meeting and transcription tools export.

Pure functions: bytes in, speaker turns out; no models, no database. ``parse_transcript``
detects the format unless told, and raises ``TranscriptError`` with a message to show the
person who uploaded the file.
"""

from .reading import FORMATS, parse_transcript
from .turns import Transcript, TranscriptError, Turn

__all__ = ["FORMATS", "Transcript", "TranscriptError", "Turn", "parse_transcript"]
