"""Signals that a comment tries to instruct the model rather than talk to the brand.

Each pattern targets the imperative, model-directed form ("ignore your instructions",
"répète ton prompt", "say exactly …") so that ordinary customers quoting the brand
("you say "free delivery" but…"), asking for washing instructions or complaining that
staff insulted them are not flagged.
"""

from __future__ import annotations

import base64
import binascii
import re

import msgspec

IMPERATIVE = (
    r"(?:^|[.!?,;:()\n]\s*|\b(?:please|pls|just|now|and|then|only|must|should|to|et|puis|alors|"
    r"juste|maintenant|donc|stp|svp|dois|devez|doit|il\s+faut)\s+)"
)
"""Where an order to the model starts: a clause start or a word that introduces a command."""
PROMPTISH = (
    r"(?:system\s+prompt|pre-?prompt|prompt\s+syst[èe]me|(?:your|ton|votre|tes|vos)\s+(?:\w+\s+)"
    r"{0,2}?(?:prompt|instructions|directives|configuration|programming|programmation)|"
    r"(?:hidden|secret|initial|original|internal|system|previous|above)\s+(?:prompt|instructions|"
    r"rules|guidelines|directives|message)|(?:tes|ton)\s+(?:consignes|règles)|"
    r"(?:instructions|consignes|règles)\s+(?:cach[ée]es|secr[èe]tes|initiales|syst[èe]me|"
    r"internes|pr[ée]c[ée]dentes))"
)
TOKEN = r"(?-i:\b(?=[A-Z0-9_-]*\d)(?=[A-Z0-9_-]*[A-Z])[A-Z0-9]+(?:[-_][A-Z0-9]+)*\b)"
"""A canary-like token: capitals mixed with digits (BANANA-4471, KIWI2024)."""
URL_START = r"(?:https?://|www\.)"

PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "asks to ignore previous instructions",
        r"(?<!n't )(?<!not )\b(?:ignore|disregard|forget|override|bypass|skip|drop|delete)\b"
        r"(?:\s+\S+){0,3}?\s+(?:previous|prior|above|earlier|preceding|former|original|initial|"
        r"system|all|any|your|these)\s+(?:\S+\s+){0,2}?(?:instructions?|rules|prompts?|guidelines|"
        r"directives?|guardrails|constraints|programming|restrictions)\b",
    ),
    (
        "asks to ignore previous instructions",
        r"(?<!j')(?<!j’)(?<!je )(?<!n')(?<!n’)\b(?:ignore[zs]?|oublie[zs]?|n[ée]glige[zs]?|"
        r"outrepasse[zs]?|contourne[zs]?|fais\s+abstraction\s+de|faites\s+abstraction\s+de|"
        r"ne\s+tiens\s+pas\s+compte\s+de|ne\s+tenez\s+pas\s+compte\s+de|efface[sz]?)\b"
        r"(?:\s+\S+){0,3}?\s*(?:les|tes|vos|toutes?|tous|ces|ton|votre|précédentes?|"
        r"d['’]|l['’])\s*(?:\S+\s+){0,2}?(?:instructions?|consignes?|règles?|regles?|directives?|"
        r"prompts?|restrictions?)\b",
    ),
    (
        "asks to ignore previous instructions",
        r"\b(?:ignore|disregard|forget)\s+(?:everything|all)\s+(?:above|before|said\s+before|"
        r"that\s+came\s+before)\b|\b(?:ignore[zs]?|oublie[zs]?)\s+tout\s+ce\s+qui\s+"
        r"(?:pr[ée]c[èe]de|est\s+au-dessus|a\s+[ée]t[ée]\s+dit)",
    ),
    (
        "injects new instructions",
        r"\b(?:new|updated|real|actual|true|additional|override)\s+(?:instructions?|rules|task|"
        r"system\s+prompt)\s*[:\-]|\bnouvelles?\s+(?:instructions?|consignes?|règles|t[âa]che)"
        r"\s*:|\b(?:system|admin|developer)\s+override\b",
    ),
    (
        "fake role or system tag",
        r"<\|?\s*/?\s*(?:im_start|im_end|system|assistant|user|endoftext|eot_id|start_header_id)"
        r"\s*\|?>|\[/?(?:INST|SYS|SYSTEM)\]|<<\s*/?SYS\s*>>|(?m:^)\s*#{1,4}\s*(?:system|"
        r"instructions?|assistant|new\s+rules|response)\b|(?:^|[\n.!?\]>|]\s*)(?:system|assistant|"
        r"sys|syst[èe]me|developer|admin)\s*(?:prompt|message)?\s*:|\b(?:system|assistant)\s+"
        r"(?:prompt|message)\s*:|</?\s*(?:comment|system|prompt|"
        r"instructions?|context|user|assistant)\s*>|\bend\s+of\s+(?:the\s+)?(?:comment|user\s+"
        r"input|input|prompt)\b|\bfin\s+du\s+(?:commentaire|message\s+utilisateur)\b",
    ),
    (
        "asks to reveal the prompt",
        rf"\b(?:reveal|print|show|display|repeat|output|give|tell|leak|dump|share|recite|copy|"
        rf"paste|list|spell\s+out|write\s+(?:out|down)|what\s+(?:are|is|were)|r[ée]v[èe]le[sz]?|"
        rf"affiche[sz]?|montre[sz]?|r[ée]p[èe]te[sz]?|donne[sz]?|[ée]cri[st]|[ée]crivez|"
        rf"recopie[sz]?|cite[sz]?|dis-moi|dites-moi|quelles?\s+sont|c['’]est\s+quoi)\b"
        rf".{{0,40}}?{PROMPTISH}",
    ),
    (
        "asks to reveal the prompt",
        r"\bsystem\s+prompt\b|\bprompt\s+syst[èe]me\b|\b(?:repeat|print|output|copy)\s+"
        r"(?:all\s+|everything\s+|the\s+(?:text|words|lines)\s+)?(?:above|before\s+this)\b|"
        r"\br[ée]p[èe]te[sz]?\s+(?:tout\s+)?(?:le\s+texte\s+)?ci-dessus\b",
    ),
    (
        "role-play or jailbreak persona",
        r"\byou\s+are\s+now\b|\byou['’]re\s+now\b|\bfrom\s+now\s+on,?\s+you\b|\bact\s+as\s+"
        r"(?:an?\s+)?(?:unfiltered|uncensored|unrestricted|evil|rude|different|new|angry)\b|"
        r"\bpretend\s+(?:to\s+be|you\s+are|you['’]re)\b|\brole-?play\b|\bdeveloper\s+mode\b|"
        r"\bjailbr(?:eak|oken)\b|(?-i:\bDAN\b)|\bdo\s+anything\s+now\b|\b(?:AI|bot|assistant|"
        r"model|chatbot)\s+(?:without|with\s+no)\s+(?:any\s+)?(?:rules|restrictions|filters|"
        r"limits)\b|\btu\s+es\s+(?:maintenant|d[ée]sormais|dor[ée]navant)\b|\b(?:à\s+partir\s+"
        r"de\s+maintenant|d[ée]sormais|dor[ée]navant),?\s+tu\b|\bfais\s+comme\s+si\s+tu\b|"
        r"\bjoue[sz]?\s+le\s+r[ôo]le\b|\bincarne[sz]?\b|\bmode\s+(?:d[ée]veloppeur|sans\s+"
        r"filtres?)\b|\b(?:IA|bot|assistant|robot|mod[èe]le)\s+sans\s+(?:aucune?\s+)?(?:règles?|"
        r"restrictions?|filtres?|limites?)\b",
    ),
    (
        "addresses the AI model",
        r"\bif\s+you(?:['’]re|\s+are)\s+an?\s+(?:AI|bot|LLM|language\s+model|assistant|chatbot)\b"
        r"|\b(?:dear|hey|attention|note\s+to\s+the)\s+(?:AI|bot|LLM|ChatGPT|GPT|assistant|model|"
        r"chatbot)\b|\b(?:AI|bot|LLM|model)\s+(?:reading|answering|processing)\s+this\b|"
        r"\blanguage\s+model\b|\bsi\s+tu\s+es\s+une?\s+(?:IA|bot|robot|assistant)\b|"
        r"\b(?:ch[èe]re|cher)\s+(?:IA|bot|robot|assistant)\b",
    ),
    (
        "asks for a verbatim string or canary",
        rf"{IMPERATIVE}(?:\w+ly\s+)?(?:say|write|repeat|type|output|print|include|add|append|"
        rf"insert|put|use)\b[^\n]{{0,40}}?(?:\b(?:exactly|verbatim|word\s+for\s+word|the\s+(?:word|"
        rf"phrase|sentence|string|token|password|secret\s+word))\b|[\"“«]|{TOKEN})",
    ),
    (
        "asks for a verbatim string or canary",
        rf"\b(?:end|finish|close|sign(?:\s+off)?|start|begin|open|conclude)\s+(?:your|the|each|"
        rf"every)\s+(?:\w+\s+)?(?:reply|answer|response|message|post|comment|tweet)s?\s+"
        rf"(?:with|by)\b|\b(?:include|add|append|insert|say|write|mention|type|output|print)\s+"
        rf"(?:the\s+)?(?:following\s+)?(?:secret\s+)?(?:word|phrase|sentence|string|token|"
        rf"password)\b|\b(?:reply|respond|answer)\s+(?:only\s+)?with\s+(?:only\s+)?(?:the\s+"
        rf"word|[\"“«]|{TOKEN})|\b(?:always|must)\s+(?:include|contain|mention)\b[^\n]{{0,40}}?"
        rf"(?:[\"“«]|{TOKEN})",
    ),
    (
        "asks for a verbatim string or canary",
        rf"{IMPERATIVE}(?:[ée]cri[st]|[ée]crivez|[ée]crire|r[ée]p[èe]te[sz]?|r[ée]p[ée]ter|dis|dites|"
        rf"dire|inclu[st]|incluez|inclure|ajoute[sz]?|ajouter|mets|mettez|mettre|termine[sz]?|"
        rf"terminer|commence[sz]?|commencer|finis|finissez|signe[sz]?|signer|r[ée]ponds|"
        rf"r[ée]pondez|utilise[sz]?)\b[^\n]{{0,40}}?(?:\b(?:exactement|mot\s+pour\s+mot|"
        rf"textuellement|uniquement\s+par|seulement\s+par|le\s+(?:mot|code\s+secret)|la\s+phrase)"
        rf"\b|[\"“«]|{TOKEN})",
    ),
    (
        "asks for a verbatim string or canary",
        r"\b(?:termine[sz]?|finis|finissez|commence[sz]?|signe[sz]?|conclus|concluez)\s+(?:ta|"
        r"votre|chaque|tes|vos)\s+(?:\w+\s+)?(?:r[ée]ponses?|messages?|posts?|commentaires?|"
        r"tweets?)\s+(?:par|avec)\b",
    ),
    (
        "asks the brand to insult or curse",
        r"(?<!n't )(?<!not )(?<!you )(?<!stop )(?<!never )\b(?:insult|curse\s+(?:at|out)|"
        r"swear\s+at|humiliate|mock|trash-?talk|roast)\s+(?:me|us|him|her|them|the|your|my|this|"
        r"that|everyone|people|customers|(?-i:[A-Z])\w+)\b|\bcall\s+(?:me|him|her|them|us|the\s+"
        r"\w+|(?-i:[A-Z])\w+)\s+(?:an?\s+)?(?:idiot|moron|stupid|loser|fool|dumb\w*|names|"
        r"bitch|bastard)\b|\buse\s+(?:swear|curse|bad|rude)\s+words\b|" + IMPERATIVE + r"be\s+"
        r"(?:rude|mean|nasty|insulting|offensive|vulgar)\b",
    ),
    (
        "asks the brand to insult or curse",
        r"\binsulte[sz]?[- ](?:moi|nous|les|le|la)\b|\binsultez[- ](?:moi|nous|les|le|la)\b|"
        r"\btraite[sz]?[- ](?:moi|le|la|les|nous)\s+(?:de|d['’])|\btraitez[- ](?:moi|le|la|les|"
        r"nous)\s+(?:de|d['’])|\bdis[- ]moi\s+des\s+(?:insultes|gros\s+mots)|\bdites[- ]moi\s+"
        r"des\s+(?:insultes|gros\s+mots)|\b(?:dis|dites|utilise[sz]?)\s+des\s+gros\s+mots\b|"
        r"\bsois\s+(?:m[ée]chant|grossier|insultant|vulgaire|odieux)|\bsoyez\s+(?:m[ée]chants?|"
        r"grossiers?|insultants?|vulgaires?|odieux)|" + IMPERATIVE + r"insulte[sz]?\s+(?:le|la|"
        r"les|mon|ma|mes|ce|cette|ces|tes|vos|(?-i:[A-Z])\w+)\b",
    ),
    (
        "asks to post a link",
        rf"\b(?:post|include|add|share|put|insert|append|paste|drop|promote|advertise|mention|"
        rf"link\s+to)\b[^\n]{{0,50}}?(?:\b(?:this|that|the\s+following|my|following)\s+(?:link|"
        rf"url|website|site|page)\b|{URL_START})",
    ),
    (
        "asks to post a link",
        rf"\b(?:mets|mettez|ajoute[sz]?|partage[sz]?|publie[sz]?|inclu[st]|incluez|ins[èe]re[sz]?|"
        rf"colle[sz]?|poste[sz]?|mentionne[sz]?)\b[^\n]{{0,50}}?(?:\b(?:ce|cet|mon|le\s+suivant)\s+"
        rf"(?:lien|url|site|adresse)\b|\b(?:lien|url)\s+suivant\b|{URL_START})",
    ),
    (
        "encoded or hidden instructions",
        r"\b(?:base64|base-64|rot-?13|hex-?encoded|decode\s+(?:this|the\s+following)|"
        r"d[ée]code[sz]?\s+(?:ceci|[çc]a|ce\s+(?:texte|message)))\b|"
        r"[\u200b\u200c\u200d\u2060\ufeff\U000e0000-\U000e007f]",
    ),
)
SIGNALS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE)) for reason, pattern in PATTERNS
)
BASE64_BLOB = re.compile(
    r"(?<![\w+/=.-])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*\d)"
    r"[A-Za-z0-9+/]{28,}={0,2}(?![\w+/=])"
)
URL = re.compile(rf"{URL_START}\S+", re.IGNORECASE)


class Signal(msgspec.Struct, frozen=True):
    reason: str
    start: int
    end: int


def find_signals(text: str) -> list[Signal]:
    """Every injection signal with where it is, in order: the span tells where a payload starts."""
    found = [
        Signal(reason, match.start(), match.end())
        for reason, pattern in SIGNALS
        for match in pattern.finditer(text)
    ]
    for match in BASE64_BLOB.finditer(URL.sub(lambda m: " " * len(m.group()), text)):
        found.append(Signal("encoded or hidden instructions", match.start(), match.end()))
    return sorted(found, key=lambda s: (s.start, s.end))


def injection_signals(text: str) -> list[str]:
    """Distinct reasons why `text` looks like a prompt injection; empty when it does not."""
    return list(dict.fromkeys(signal.reason for signal in find_signals(text)))


def looks_like_injection(text: str) -> bool:
    return bool(find_signals(text))


def decoded_payloads(text: str) -> list[str]:
    """The readable text hidden in base64 blobs: what an encoded instruction really says."""
    decoded: list[str] = []
    for match in BASE64_BLOB.finditer(text):
        blob = match.group()
        try:
            value = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            continue
        if value.isprintable():
            decoded.append(value)
    return decoded


def injected_part(text: str) -> str:
    """The comment from the sentence where its first injection signal sits to its end, plus
    any decoded base64: what a draft must not echo. A genuine complaint before it stays out;
    empty when there is no signal."""
    signals = find_signals(text)
    if not signals:
        return ""
    start = signals[0].start
    boundary = max(text.rfind(mark, 0, start) for mark in (".", "!", "?", "\n"))
    return "\n".join([text[boundary + 1 :].strip(), *decoded_payloads(text)])
