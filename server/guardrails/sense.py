"""What no other rule sees: a brand addressing itself, a draft wrong as a whole (see
`server.drafting.sense`)."""

from __future__ import annotations

from knowledge.brand import BrandProfile
from server.drafting.sense import Problem, check_sense, unaddress
from server.guardrails.text import rewrite_sentences
from server.guardrails.types import GuardContext


def remove_self_address(text: str, profile: BrandProfile) -> tuple[str, list[str]]:
    """Take out the brand's own handle and greetings to the brand ("@OndineMobile Send us a
    private message", "Dear Ondine,"): a slip of address that leaves the rest of the reply
    sound, so it is removed rather than regenerated (see `sense.unaddress`)."""
    warnings: list[str] = []

    def fix(sentence: str) -> str | None:
        fixed, removed = unaddress(sentence, profile)
        if removed:
            action = "Removed" if fixed else "Dropped a sentence with"
            warnings.append(f"sense: {action} “{removed}”: the brand addresses itself.")
        return fixed

    return rewrite_sentences(text, fix), warnings


def nonsense(text: str, context: GuardContext) -> list[Problem]:
    """What makes the draft wrong as a whole: condolences nobody needs, a refusal to help, a
    name nobody gave, a value or a "yes" the facts contradict (see `server.drafting.sense`).

    These block rather than shorten: every other sentence was written under the same
    misreading (after "sorry for your loss" or "we can't help you", what follows consoles or
    refuses too; the sentences after an invented "Winter Box" speak of "it"), so a fresh draft
    or the approved fallback serves better than what is left. The system prompt counts among
    what the draft may name: the platform and the brand it names were given, not invented.
    """
    return check_sense(
        text,
        comment=context.comment,
        sources=context.sources,
        profile=context.profile,
        facts=context.facts,
        kind=context.kind,
        also_allowed=[context.system_prompt],
    )
