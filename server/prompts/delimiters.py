"""The tags that frame untrusted text in our prompt files, and stripping them from that text.

The prompt files put a comment between `<comment>` and `</comment>`; a comment that carries
those tags itself could close its frame and speak as instructions. The chains strip them from
everything untrusted they place in a prompt, and the guardrails from what the model writes
back, so the pattern lives here, with the prompt files, below both.
"""

from __future__ import annotations

import re

COMMENT_TAG = re.compile(r"</?\s*comment\s*>", re.IGNORECASE)


def neutralize_delimiters(comment: str) -> str:
    """Strip our own delimiter tags from untrusted text so it cannot close its frame."""
    return COMMENT_TAG.sub("", comment).strip()
