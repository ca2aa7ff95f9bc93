"""Error codes: stable names for everything that can go wrong with an input.

Codes never change meaning, so users can filter error records and scripts
can rely on them across releases.
"""

from __future__ import annotations


class ClusterfactsError(Exception):
    """Base of every error the library raises on purpose."""

    code = "CF100"


class DocumentError(ClusterfactsError):
    """A document that cannot be read or processed; becomes an error record in a batch."""

    def __init__(self, code: str, message: str, path: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.path = path
        self.message = message


NOT_FOUND = "CF200"  # the path does not exist or cannot be opened
UNDECODABLE = "CF201"  # bytes in no supported encoding
BINARY = "CF202"  # NUL bytes or control characters: not a text file
EMPTY = "CF203"  # nothing to read: zero bytes or only white space
UNSUPPORTED = "CF204"  # a file type clusterfacts does not read
TOO_LARGE = "CF205"  # larger than the configured limit
INTERNAL = "CF500"  # a bug: the document crashed a stage; the message has the cause
