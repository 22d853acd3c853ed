"""Small pieces the ``winloss`` commands share."""

from pathlib import Path
from typing import TextIO

from django.core.management.base import CommandError


def read_text(file: str, stdin: TextIO) -> str:
    """A UTF-8 text file, or standard input for ``-``; a clear one-line error (exit code 2)
    otherwise. utf-8-sig: a byte-order mark from a Windows editor is not part of the text."""
    try:
        if file == "-":
            return stdin.read()
        return Path(file).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"Cannot read {file}: it is not UTF-8 text.", returncode=2) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise CommandError(f"Cannot read {file}: {reason}.", returncode=2) from None
