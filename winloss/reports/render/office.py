"""Closing a Word or PowerPoint file the same way: its properties from the content, bytes out."""

import contextlib
import io
from datetime import datetime


def finish(document, content: dict) -> bytes:
    """``document`` (python-docx or python-pptx, which share core properties) as bytes."""
    props = document.core_properties
    props.title = content.get("title") or ""
    props.author = props.last_modified_by = "winloss"
    # The content's own date, not "now", so a version's file does not change on every export.
    with contextlib.suppress(ValueError):
        props.created = props.modified = datetime.fromisoformat(content.get("generated_at") or "")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
