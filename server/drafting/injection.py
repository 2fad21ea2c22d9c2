"""Signals that a comment tries to instruct the model rather than talk to the brand."""

from __future__ import annotations

import re

SIGNALS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        (
            "asks to ignore previous instructions",
            r"\b(ignore|disregard|forget|override|bypass)\b.{0,30}\b(previous|prior|above|"
            r"earlier|all|your|the)\b.{0,20}\b(instructions?|rules?|prompts?|guidelines?|"
            r"directives?)",
        ),
        (
            "asks to ignore previous instructions",
            r"\b(ignore[zs]?|oublie[zs]?|n[eé]glige[zs]?)\b.{0,30}\b(instructions?|consignes?|"
            r"règles?|regles?|directives?|prompt)",
        ),
        (
            "fake role or system tag",
            r"(<\|?\s*(im_start|im_end|system|assistant)\s*\|?>|\[/?(INST|SYS)\]|^\s*#{1,3}\s*"
            r"(system|instruction)|\b(system|assistant)\s*:|</?\s*(comment|system|prompt)\s*>)",
        ),
        (
            "asks to reveal the prompt",
            r"\b(reveal|print|show|display|repeat|output|give|tell|leak|dump|what\s+(are|is))\b"
            r".{0,30}\b(system\s+prompt|prompt|instructions?|hidden\s+rules?|initial\s+"
            r"instructions?|configuration)",
        ),
        (
            "asks to reveal the prompt",
            r"\b(r[ée]v[èe]le|affiche|montre|r[ée]p[èe]te|donne|quelles?\s+sont)\b.{0,30}\b"
            r"(prompt|instructions?|consignes?|règles?\s+cach[ée]es?)",
        ),
        (
            "role-play or jailbreak persona",
            r"\b(you\s+are\s+now|act\s+as|pretend\s+(to\s+be|you\s+are)|from\s+now\s+on\s+you|"
            r"developer\s+mode|jailbreak|DAN\b|tu\s+es\s+maintenant|fais\s+comme\s+si|"
            r"joue\s+le\s+r[ôo]le|à\s+partir\s+de\s+maintenant\s+tu)",
        ),
        (
            "asks for a verbatim string or canary",
            r"\b(say|write|repeat|include|end\s+(your\s+)?(reply|answer|message)\s+with|start\s+"
            r"(your\s+)?(reply|answer)\s+with|reply\s+only\s+with|respond\s+with)\b.{0,20}"
            r"(exactly|verbatim|the\s+(word|phrase|code|string|text|link)|[\"'«]|\b[A-Z0-9]+-\d+)",
        ),
        (
            "asks for a verbatim string or canary",
            r"\b(écri[st]|[ée]cris|r[ée]p[èe]te|inclu[st]|termine|commence|r[ée]ponds)\b.{0,30}"
            r"(exactement|mot\s+pour\s+mot|le\s+(mot|code|lien|texte)|la\s+phrase|[\"'«]|"
            r"\b[A-Z0-9]+-\d+)",
        ),
        (
            "asks the brand to insult or curse",
            r"\b(insult|curse|swear\s+at|call\s+(me|them|him|her)\s+(an?\s+)?(idiot|stupid|"
            r"moron)|insulte[zr]?|traite[zr]?[- ]moi\s+de)",
        ),
        (
            "asks to post a link",
            r"\b(post|include|add|share|put|mets|ajoute|partage|publie)\b.{0,30}\b(this|ce|cette|"
            r"le|the)\b.{0,10}\b(link|url|lien|site)",
        ),
        ("encoded instructions", r"\b(base64|rot13|decode\s+this|d[ée]code\s+ceci)\b"),
    )
)


def injection_signals(text: str) -> list[str]:
    """Distinct reasons why `text` looks like a prompt injection; empty when it does not."""
    reasons: list[str] = []
    for reason, pattern in SIGNALS:
        if pattern.search(text) and reason not in reasons:
            reasons.append(reason)
    return reasons


def looks_like_injection(text: str) -> bool:
    return bool(injection_signals(text))
