"""SOP step 5: the call's transcript, kept as its speaker turns.

Only the parsed turns are stored, never the uploaded file: what the respondent allowed covers
a transcript of what they said, and the turns are all any later step reads.
"""

from django.conf import settings
from django.db import models
from django.db.models import Min

# How the formats ``transcripts.parse_transcript`` reads are named to people.
FORMAT_NAMES = {
    "webvtt": "WebVTT (.vtt: Zoom, Teams)",
    "teams": "Older Teams download (.vtt without WEBVTT)",
    "srt": "SubRip (.srt)",
    "meet": "Google Meet text (.txt)",
    "otter": "Otter text (.txt)",
    "docx": "Word (.docx)",
    "podcast_json": "Podcasting 2.0 JSON",
    "gong_json": "Gong JSON",
    "fireflies_json": "Fireflies JSON",
    # Not a file format: the turns of an interview imported with its coding (a REFI-QDA project).
    "imported": "Imported with a past interview",
}


class SpeakerRole(models.TextChoices):
    INTERVIEWER = "interviewer", "Interviewer"
    RESPONDENT = "respondent", "Respondent"
    OTHER = "other", "Other"


class Transcript(models.Model):
    """A transcript of the interview's call, read from the file a meeting or transcription tool
    exported (see ``transcripts.parse_transcript``)."""

    interview = models.ForeignKey(
        "interviews.Interview", on_delete=models.CASCADE, related_name="transcripts"
    )
    format = models.CharField(max_length=20)
    filename = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # {speaker name as in the file: SpeakerRole}; guessed at upload, corrected by a person.
    speaker_map = models.JSONField(default=dict, blank=True)
    # When the retention policy emptied its turns; the turns stay (empty) for coded excerpts.
    purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.filename

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES.get(self.format, self.format)

    def speakers(self) -> list[str]:
        """Who speaks, in order of first appearance (not the map's order: JSON objects in
        PostgreSQL do not keep theirs)."""
        return list(
            self.turns.exclude(speaker="")
            .values("speaker")
            .annotate(first=Min("position"))
            .order_by("first")
            .values_list("speaker", flat=True)
        )

    def role_of(self, speaker: str) -> str:
        """The speaker's role label, or "" for an unnamed speaker."""
        role = self.speaker_map.get(speaker, SpeakerRole.OTHER) if speaker else ""
        return SpeakerRole(role).label if role in SpeakerRole.values else ""


class TranscriptTurn(models.Model):
    """What one person said without interruption; times in seconds from the start, if known."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="turns")
    position = models.PositiveIntegerField()
    speaker = models.CharField(max_length=200, blank=True)
    start = models.FloatField(null=True, blank=True)
    end = models.FloatField(null=True, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["transcript", "position"], name="one_transcript_turn_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at} {self.speaker}: {self.text[:40]}".strip()

    @property
    def at(self) -> str:
        """The start as people read it off a player: m:ss, or h:mm:ss past the first hour."""
        if self.start is None:
            return ""
        hours, rest = divmod(int(self.start), 3600)
        minutes, secs = divmod(rest, 60)
        return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
