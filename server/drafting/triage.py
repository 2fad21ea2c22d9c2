"""Deterministic triage of an incoming comment: category, sentiment, severity, action.

No LLM: a k-nearest-neighbour vote over labelled examples (shipped + the brand's own), with
hand-written EN/FR rules that take precedence where a mistake would be costly (crises must be
escalated, insults and spam moderated). Fast enough to run on every comment, and the same
comment always gets the same answer, which a reviewer can reason about.

Surface constructions the embedding reads wrongly are cues on top of the vote: sarcasm and
thank-you-then-grievance ("thanks for nothing") are negative; a question that carries a
grievance ("when will you refund me?") is a complaint that also asks something; a rhetorical
question ("is this really the best you can do?") is criticism; a remark with no ask and no
grievance (a headline, banter, "ok", a friend's tag) needs no reply. The post or thread a
comment answers (`context`), when given, says what a bare "same here" is about.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal, get_args

import msgspec
import numpy as np
from numpy.typing import NDArray

from knowledge.embedding import Embedder
from knowledge.language import detect_language
from server.drafting.injection import looks_like_injection
from server.drafting.pii import find_pii

Category = Literal[
    "praise", "question", "complaint", "criticism", "remark", "troll", "spam", "abuse", "crisis"
]
Sentiment = Literal["positive", "neutral", "negative"]
Action = Literal["reply_public", "move_to_private", "escalate", "moderate", "no_reply"]

CATEGORIES: tuple[Category, ...] = get_args(Category)
SHIPPED_EXAMPLES = Path(__file__).with_name("triage_examples.jsonl")

K = 7
"""Neighbours in the vote: enough to smooth one odd example, few enough to stay local."""
EXTRA_WEIGHT = 1.5
"""A brand's own examples outweigh the generic ones: they encode that brand's policy."""
CRISIS_VOTE = 0.6
"""Without a crisis keyword, escalate only when the neighbours clearly agree it is one."""
PRAISE_BONUS = 0.3
QUESTION_BONUS = 0.3
QUESTION_FORM_BONUS = 0.15
COMPLAINT_BONUS = 0.25
INCIDENT_BONUS = 0.15
SARCASM_BONUS = 0.3
TROLL_BONUS = 0.4
SPAM_BONUS = 0.3
IRONY_BONUS = 0.3
"""Sarcastic praise or a thank-you for a grievance: towards complaint or criticism."""
DEMAND_BONUS = 0.4
"""A question that demands a remedy ("when will you refund me?") is a complaint."""
RHETORIC_BONUS = 0.35
"""A question or remark that judges the brand ("is this really the best you can do?")."""
REMARK_BONUS = 0.25
GRIEVANCE_FLOOR = 0.1
UNCUED_GRIEVANCE = 0.6
"""Complaint and criticism votes kept for a statement with no grievance cue at all (no
negative word, denial, anger, irony, demand or rhetorical question): the neighbours group
comments by topic, so "saw your delivery van" sits beside late-delivery complaints. Questions
keep their votes: "is the app down or is it just me?" is a complaint where the brand's own
examples say so."""
"""Per remark cue (an acknowledgement, a tag, a shared headline), at most two."""
UNCUED_PRAISE = 0.6
"""Praise without a single positive word is kept, but weighed down (observations look alike)."""
UNCUED_TROLL = 0.5
"""Provocation without a single mocking marker is unlikely; grievances look alike."""
UNCUED_QUESTION = 0.5
"""A question with neither a "?" nor an interrogative opening is unlikely."""
CONTEXT_INCIDENT_VOTE = 0.5
"""A negative thread reads as an incident when most of its neighbours are complaints."""
SEMANTIC_WEIGHT = 0.5
"""Share of the embedding in the similarity; the rest is character n-gram overlap."""
REST_MIN_WORDS = 4
"""Below this, what is left of a comment once injected instructions are cut is no request."""


class LabelledExample(msgspec.Struct, frozen=True):
    text: str
    category: Category
    language: str = "en"


class Triage(msgspec.Struct, frozen=True):
    category: Category
    sentiment: Sentiment
    severity: int
    """0 praise or plain question, 1 mild, 2 angry / repeated / abusive, 3 crisis."""
    language: str
    pii: list[str]
    """Kinds of personal data found (email, phone, ...), never the data itself."""
    injection_suspected: bool
    action: Action
    why: str
    """One or two sentences for the community manager, in the comment's language (fr or en)."""
    questions: list[str] = msgspec.field(default_factory=list)
    """The comment's real questions (rhetorical ones left out), personal data blanked out: a
    complaint that asks something is still answered on that point."""
    about_context: bool = False
    """Read as being about the incident in the post or thread it answers (`context`)."""


class TriageExamplesError(ValueError):
    """A triage JSONL file that cannot be read; says which file and line."""


def load_examples(path: str | Path) -> list[LabelledExample]:
    """Read labelled examples, one JSON object a line; blank lines and `#` lines are skipped.

    Brands ship their own `triage/*.jsonl`, so a bad line must say where it is.
    """
    decoder = msgspec.json.Decoder(LabelledExample)
    examples: list[LabelledExample] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            example = decoder.decode(line)
        except msgspec.DecodeError as exc:
            raise TriageExamplesError(f"{path}:{number}: {exc}") from exc
        if not example.text.strip():
            raise TriageExamplesError(f"{path}:{number}: empty text")
        examples.append(example)
    return examples


# --- rules -------------------------------------------------------------------------------------


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


CRISIS: dict[str, re.Pattern[str]] = {
    "legal": _rx(
        r"\blawyers?\b",
        r"\battorneys?\b",
        r"\blawsuits?\b",
        r"\bsu(?:e|ing)\s+(?:you|u|them|the\s+company|your|this|over)\b",
        r"\b(?:going\s+to|gonna|will|'ll|shall)\s+sue\b",
        r"\blegal\s+action\b",
        r"\bclass[- ]action\b",
        r"\bsmall\s+claims\b",
        r"\b(?:take|taking)\s+(?:you|u|them|this|it)\s+to\s+court\b",
        r"\bsee\s+you\s+in\s+court\b",
        r"\bporter\s+plainte\b",
        r"\bport(?:é|e|erai|erons|ons)\s+plainte\b",
        r"\bd[ée]pos(?:er|é|e|erai|erons)\s+(?:une\s+)?plainte\b",
        r"\bplainte\s+(?:contre|au\s+commissariat|à\s+la\s+gendarmerie|pénale)\b",
        r"\b(?:mon|mes|notre|nos)\s+avocats?\b",
        r"\b(?:contacter|prendre|consulter|voir|saisir)\s+(?:un|mon)\s+avocat\b",
        r"\bproc[eè]s\b",
        r"\btribunal\b",
        r"\ben\s+justice\b",
        r"\bpoursuites?\s+(?:judiciaires?|en\s+justice)\b",
        r"\bmise\s+en\s+demeure\b",
        r"\bdgccrf\b",
        r"\bufc[- ]que\s+choisir\b",
    ),
    "health": _rx(
        r"\ballergic\s+reaction\b",
        r"\bhad\s+an?\s+(?:severe\s+|bad\s+|serious\s+)?(?:allergic\s+)?reaction\b",
        r"\banaphyla\w*",
        r"\bepi-?pen\b",
        r"\bundeclared\s+allergens?\b",
        r"\bfood\s+poisoning\b",
        r"\bpoison(?:ed|ing)\b",
        r"\bsalmonell\w*",
        r"\blisteria\b",
        r"\be\.?\s?coli\b",
        r"\bhospital\w*",
        r"\bemergency\s+room\b",
        r"\burgent\s+care\b",
        r"\bambulance\b",
        r"\bvomit\w*",
        r"\bthrew\s+up\b",
        r"\bthrowing\s+up\b",
        r"\b(?:got|get|getting|was|were|been|became|fell)\s+(?:so\s+|really\s+|very\s+)?"
        r"(?:sick|ill)\s+after\b",
        r"\bmade\s+(?:me|us|him|her|them|my\s+\w+)\s+(?:so\s+|really\s+|very\s+)?(?:sick|ill)\b",
        r"\bcockroach\w*",
        r"\broach(?:es)?\b",
        r"\b(?:rat|mouse|mice)\s+droppings\b",
        r"\bmaggots?\b",
        r"\bhealth\s+(?:inspector|department|hazard)\b",
        r"\bréaction\s+allergique\b",
        r"\bchoc\s+anaphylactique\b",
        r"\b(?:fait|faire|fais|déclenché|provoqué)\s+une\s+(?:grosse\s+|forte\s+|grave\s+)?"
        r"(?:allergie|réaction)\b",
        r"\ballerg[èe]nes?\s+non\s+(?:déclarés?|indiqués?|mentionnés?)\b",
        r"\bintoxi(?:cation|qu[ée]e?s?)\b",
        r"\bempoisonn\w*",
        r"\bh[ôo]pital\b",
        r"\bhospitalis\w*",
        r"\burgences\b",
        r"\bsamu\b",
        r"\bpompiers\b",
        r"\bvomi\w*",
        r"\b(?:tomb[ée]e?s?|rendue?s?)\s+malades?\b",
        r"\bmalades?\s+(?:après|depuis)\b",
        r"\bcafards?\b",
        r"\bcrottes?\s+de\s+(?:souris|rats?)\b",
        r"\basticots?\b",
        r"\bservices?\s+(?:d'hygiène|sanitaires?)\b",
        r"\bà\s+l'hygiène\b",
        r"\b(?:risque|inspection)\s+sanitaire\b",
        r"\bsanté\s+publique\b",
        r"\bchaîne\s+du\s+froid\b",
    ),
    "safety": _rx(
        r"\b(?:piece|pieces|shards?|bits?|chunks?)\s+of\s+(?:glass|metal|plastic)\b",
        r"\b(?:glass|metal)\s+in\s+(?:my|the|our|his|her|their)\b",
        r"\b(?:found|there\s+was|there\s+were)\s+(?:a\s+|some\s+)?"
        r"(?:glass|metal|screw|bolt|needle|wire|blade)\s+in\b",
        r"\bburn(?:ed|t)\s+(?:my|his|her|their|our)\s+(?:\w+\s+)?(?:hands?|arms?|legs?|face|mouth|"
        r"tongue|skin|fingers?|lap|chest|child|son|daughter|kid|baby)\b",
        r"\b(?:first|second|third|1st|2nd|3rd)[- ]degree\s+burns?\b",
        r"\bsevere(?:ly)?\s+burn\w*",
        r"\bgot\s+burn(?:ed|t)\b",
        r"\binjur(?:y|ies|ed)\b",
        r"\b(?:got|was|were|been|seriously|badly|could\s+have\s+been)\s+(?:\w+\s+)?hurt\b",
        r"\bstitches\b",
        r"\bbroken?\s+(?:my\s+|his\s+|her\s+)?(?:arm|leg|wrist|ankle|tooth|teeth|nose)\b",
        r"\bcut\s+(?:my|his|her)\s+(?:hand|finger|mouth|lip|foot)\b",
        r"\bchok(?:ed|ing)\b",
        r"\bslip(?:ped)?\s+and\s+f[ae]ll\b",
        r"\b(?:son|daughter|kid|child|baby|toddler)\s+swallowed\b",
        r"\bcaught\s+fire\b",
        r"\bburst\s+into\s+flames\b",
        r"\bexplo(?:ded|sion|ding)\b",
        r"\belectric(?:al)?\s+shock\b",
        r"\belectrocut\w*",
        r"\bpolice\b",
        r"\bcops\b",
        r"\b911\b",
        r"\b(?:i(?:'ll|\s+will|\s+am\s+going\s+to|'m\s+going\s+to|'m\s+gonna)|gonna)\s+"
        r"(?:come\s+(?:and\s+|to\s+)?)?(?:kill|hurt|beat|punch|shoot|stab|burn\s+down|smash)\b",
        r"\bbomb\b",
        r"\bsuicid\w*",
        r"\bkill\s+myself\b",
        r"\bproduct\s+recall\b",
        r"\b(?:morceaux?|bouts?|éclats?|débris)\s+de\s+(?:verre|métal|plastique)\b",
        r"\bdu\s+verre\s+dans\b",
        r"\bbris\s+de\s+verre\b",
        r"\bbrûlures?\b",
        r"\b(?:me\s+suis|s'est|se\s+sont|nous\s+sommes|t'es|vous\s+êtes)\s+brûlée?s?\b",
        r"\bbrûlée?s?\s+(?:la|le|les|au|à\s+la)\s+(?:main|mains|bras|visage|doigts?|jambe|"
        r"cuisse|langue|bouche|peau)\b",
        r"\bbless(?:é|ée|és|ées|ure|ures)\b",
        r"\bpoints\s+de\s+suture\b",
        r"\bcass[ée]\s+(?:le|la|les)\s+(?:bras|jambe|poignet|cheville|dent|dents|nez)\b",
        r"\bcoupée?s?\s+(?:la|le|les|au)\s+(?:main|doigt|doigts|lèvre|pied|bouche)\b",
        r"\bétouff(?:é|ée|er|ait|ement)\b",
        r"\ba\s+avalé\b",
        r"\bpris\s+feu\b",
        r"\bprend\s+feu\b",
        r"\bincendie\b",
        r"\bexplos(?:é|ée|ion)\b",
        r"\bélectrocut\w*",
        r"\bdécharge\s+électrique\b",
        r"\bgendarmerie\b",
        r"\bcommissariat\b",
        r"\bje\s+vais\s+(?:vous|te|le|la|les)\s+(?:tuer|frapper|buter|défoncer|cramer)\b",
        r"\bcasser\s+la\s+gueule\b",
        r"\b(?:brûler|cramer)\s+(?:votre|ton|le)\s+(?:magasin|boutique|restaurant|resto)\b",
        r"\bbombe\b",
        r"\bme\s+suicider\b",
        r"\brappel\s+(?:de\s+|du\s+)?produits?\b",
        r"\brappel\s+conso\b",
    ),
    "viral": _rx(
        r"\bjournalists?\b",
        r"\breporters?\b",
        r"\bjournalistes?\b",
        r"\b(?:contact(?:ing|ed)?|tell(?:ing)?|call(?:ing|ed)?|going\s+to|go\s+to|write\s+to)"
        r"\s+the\s+(?:press|media|news|papers)\b",
        r"\bnews\s+(?:outlet|channel|station|story)\b",
        r"\blocal\s+news\b",
        r"\bviral(?:e|es|aux)?\b",
        r"\bbuzz\b",
        r"\bboycott\w*",
        r"\b(?:thousands|millions|hundreds)\s+of\s+(?:people|views|retweets|shares|likes)\b",
        r"\b\d+k\s+(?:views|retweets|shares|likes)\b",
        r"\beveryone(?:'s|\s+is)\s+(?:sharing|talking\s+about)\b",
        r"\b(?:milliers|millions|centaines)\s+de\s+(?:partages|vues|personnes|retweets)\b",
        r"\btout\s+le\s+monde\s+(?:partage|en\s+parle|parle\s+de)\b",
        r"\b(?:la\s+presse|les\s+médias|aux\s+médias|les\s+journaux)\b",
    ),
    "data": _rx(
        r"\bdata\s+(?:breach|leak)\w*",
        r"\byour\s+breach\b",
        r"\b(?:data|details|information|info)\s+(?:was|were|has\s+been|have\s+been|got)\s+"
        r"(?:leaked|stolen|exposed|hacked)\b",
        r"\bgdpr\b",
        r"\bfuite\s+de\s+(?:mes\s+|nos\s+)?données\b",
        r"\bdonnées\s+(?:personnelles\s+)?(?:ont\s+été\s+)?(?:volées|piratées|divulguées)\b",
        r"\brgpd\b",
        r"\bcnil\b",
        r"\bpiratage\b",
    ),
    "discrimination": _rx(
        r"\bdiscriminat\w*",
        r"\bracial(?:ly)?\s+profil\w*",
        r"\bracist\s+(?:staff|employee|manager|security|guard|driver|behaviou?r|treatment|"
        r"comments?|remarks?)\b",
        r"\bdiscrimin\w*",
        r"\b(?:propos|comportement|remarques?)\s+racistes?\b",
    ),
}
CRISIS_LABEL = {
    "en": {
        "legal": "Legal threat",
        "health": "Health risk",
        "safety": "Safety risk",
        "viral": "Viral or press exposure",
        "data": "Personal-data breach",
        "discrimination": "Discrimination accusation",
    },
    "fr": {
        "legal": "Menace juridique",
        "health": "Risque sanitaire",
        "safety": "Risque pour la sécurité",
        "viral": "Exposition virale ou médiatique",
        "data": "Fuite de données personnelles",
        "discrimination": "Accusation de discrimination",
    },
}

ABUSE = _rx(
    r"\bidiots?\b",
    r"\bmoron(?:s|ic)?\b",
    r"\bimb[ée]ciles?\b",
    r"\bclowns\b",
    r"\b(?:a|you|pathetic|total|bunch\s+of)\s+clowns?\b",
    r"\blosers?\b",
    r"\bdumbass\w*",
    r"\bass-?holes?\b",
    r"\ba\*+holes?\b",
    r"\bjerks\b",
    r"\bscum(?:bags?)?\b",
    r"\bf[u*]+c?k+\s*(?:you|u|off|yourselves)\b",
    r"\bf\*+\s*(?:you|u|off)\b",
    r"\bstfu\b",
    r"\bgtfo\b",
    r"\bshut\s+(?:up|your\s+(?:mouth|face))\b(?!\s+and\s+take\s+my\s+money)",
    r"\bscrew\s+(?:you|u|yourselves)\b",
    r"\bgo\s+to\s+hell\b",
    r"\bpiss\s+off\b",
    r"\b(?:you(?:'re|\s+are|\s+r)?|ur|u\s+r|you\s+(?:guys|people|lot)\s+are)\s+(?:\w+\s+){0,2}"
    r"(?:stupid|dumb|brainless)\b",
    r"\bstupid\s+(?:people|staff|company|idiots?|morons?)\b",
    r"\bretarded\b",
    r"\b(?:you|u|ur|a|bunch\s+of|fucking)\s+retards?\b",
    r"\bbitch(?:es)?\b",
    r"\bwhores?\b",
    r"\bcunts?\b",
    r"\bbastards?\b",
    r"\bkill\s+yourself\b",
    r"\bkys\b",
    r"\bgo\s+back\s+to\s+(?:your|where)\b",
    r"\bbande\s+d(?:e\s+|')\s*(?:nuls|idiots|abrutis|crétins|incapables|guignols|clowns|débiles|"
    r"cons|connards|imbéciles|branquignols|bras\s+cassés|charlots|tocards|bouffons|enfoirés)\b",
    r"\bgros\s+(?:nuls|cons?|crétins?|abrutis?|débiles?)\b",
    r"\bespèces?\s+d(?:e\s+|')\s*\w+",
    r"\bconnard\w*",
    r"\bconnasse\w*",
    r"\bconne\b",
    r"\b(?:des|sale|sales|bande\s+de|pauvres?|vieux)\s+cons?\b",
    r"\babruti\w*",
    r"\bcr[ée]tin\w*",
    r"\bdébiles\b",
    r"\b(?:t'es|tu\s+es|vous\s+êtes|il\s+est|elle\s+est)\s+(?:\w+\s+)?(?:un\s+|une\s+|des\s+)?"
    r"débiles?\b",
    r"\bguignols?\b",
    r"\bbouffons?\b",
    r"\btocards?\b",
    r"\bta\s+gueule\b",
    r"\bfermez?-la\b",
    r"\bfermez?\s+la\s*(?:$|[,.!;]|et\b)",
    r"\btais[- ]toi\b",
    r"\btaisez[- ]vous\b",
    r"\b(?:va|allez|vas)\s+(?:te|vous)\s+faire\b",
    r"\bencul\w*",
    r"\bb[âa]tards?\b",
    r"\bsalopes?\b",
    r"\bsalauds?\b",
    r"\bpétasses?\b",
    r"\bputes?\b",
    r"\bniqu\w*",
    r"\bfdp\b",
    r"\brentrez?\s+(?:chez\s+(?:toi|vous)|dans\s+(?:ton|votre)\s+pays)\b",
)
ABUSE_EXCEPTIONS = _rx(
    r"\b(?:like|i'm|i\s+am|im|felt|feel|was)\s+(?:such\s+|a\s+total\s+|a\s+complete\s+)?"
    r"an?\s+(?:idiot|moron)\b",
    r"\bidiot[- ]proof\b",
    r"\bpri(?:s|se|ses)\s+pour\s+(?:un|une|des)\s+\w+",
    r"\bpren(?:ez|nent|d|dre)\s+(?:\w+\s+)?pour\s+(?:un|une|des)\s+\w+",
    r"\btreat(?:s|ed|ing)?\s+(?:us|me|people|customers|your\s+customers)\s+like\s+\w+",
    r"\b(?:je\s+suis|j'étais|me\s+sens|sentie?)\s+(?:un\s+peu\s+|vraiment\s+)?"
    r"(?:un\s+|une\s+)?(?:idiot|idiote|crétin|conne|débile)\b",
)

LINK = _rx(
    r"(?:https?://|www\.)\S+",
    r"\bt\.me/\S*",
    r"\b[\w-]+\.(?:com|net|org|io|ly|me|co|biz|info|xyz|example|shop|link)(?:/\S*)?",
)
SPAM_STRONG = _rx(
    r"\bfollow\s+(?:for|4)\s+follow\b",
    r"\bf4f\b",
    r"\bl4l\b",
    r"\bsub\s*4\s*sub\b",
    r"\bje\s+m'abonne\s+en\s+retour\b",
    r"\bje\s+rends\s+la\s+pareille\b",
    r"\b(?:link|lien)\s+(?:in|dans)\s+(?:my|ma)\s+bio\b",
    r"\bcheck\s+my\s+bio\b",
    r"\b(?:earn|make|making|made)\s+\$+\s?\d*",
    r"\$\d[\d,]*\s*(?:a|per|/)\s*(?:day|week|hour)\b",
    r"\bgagne[rz]?\s+\d+\s?€",
    r"\b\d+\s?€\s+par\s+(?:jour|semaine)\b",
    r"\bmake\s+money\b",
    r"\bpassive\s+income\b",
    r"\brevenu\s+(?:passif|complémentaire)\b",
    r"\bwork\s+from\s+home\b(?=.*\b(?:earn|money|income|dm|click|link)\b)",
    r"\btravail\s+à\s+domicile\b",
    r"\bargent\s+facile(?:ment)?\b",
    r"\bgagner\s+de\s+l'argent\b",
    r"\bguaranteed\s+(?:\d+\s?%|returns?|profits?)\b",
    r"\brendement\s+garanti\b",
    r"\binvestment\s+opportunity\b",
    r"\byou(?:'ve|\s+have)\s+(?:been\s+selected|won)\b",
    r"\bclaim\s+(?:your|it|here)\b",
    r"\bfree\s+(?:iphone|gift\s*cards?|followers|ps5|money|bitcoin|crypto)\b",
    r"\bvous\s+avez\s+gagné\b",
    r"\bréclamez\b",
    r"\bcartes?\s+cadeaux?\s+gratuites?\b",
    r"\bbuy\s+(?:\d+k?\s+)?(?:real\s+)?(?:followers|likes|views)\b",
    r"\bachetez\s+des\s+(?:abonnés|likes|vues)\b",
    r"\b(?:vues|views|followers|abonnés)\s+garanti\w*",
    r"\bboost(?:ez)?\s+(?:your|votre)\s+(?:visibility|visibilité|account|compte)\b",
    r"\bpromote\s+your\s+(?:brand|business|account)\b",
    r"\bprêt\s+(?:rapide|entre\s+particuliers)\b",
    r"\bhot\s+singles\b",
)
SPAM_MEDIUM = _rx(
    r"\bcheck\s+(?:out\s+)?my\s+(?:profile|channel|page|account)\b",
    r"\b(?:venez|allez)\s+voir\s+ma\s+(?:chaîne|page)\b",
    r"\bi\s+(?:always\s+)?follow\s+(?:\w+\s+)?back\b",
    r"\bfollow\s*back\s*\?",
    r"\b(?:dm|message|text|whatsapp|contact|write)\s+me\s*(?:$|[.!,]|to\b|for\b|now\b|and\b)",
    r"\b\d[\d,.\s]*k?\s+(?:real\s+)?(?:followers|abonnés|likes|views|vues)\b",
    r"\b(?:invest\w*|placez|place)\s+\d+\s?[€$]",
    r"\b(?:reçois|recevez|receive|get)\s+\d+\s?[€$]",
    r"\bdm\s+(?:for|to)\s+(?:pricing|prices|rates|info|collab\w*|promo\w*|details)\b",
    r"\b(?:écris|écrivez|envoie|envoyez)[- ]moi\b",
    r"\bcontacte[zr]?[- ]moi\b",
    r"\bmp\s+pour\b",
    r"\b(?:crypto\w*|bitcoin|btc|forex|nft)\b",
    r"\btrading\b",
)
SPAM_WEAK = _rx(
    r"\b(?:whatsapp|telegram)\b",
    r"\bdm\s+me\b",
    r"\bfree\b",
    r"\bgratuit\w*",
    r"\bpromo\b",
    r"\b\d{2}\s?%\s*off\b",
    r"-\d{2}\s?%",
    r"\bcheap\b",
    r"\bpas\s+chers?\b",
    r"\bclick\s+here\b",
    r"\bcliquez\s+ici\b",
    r"[💰💸🚀📈]",
)

QUESTION_WORDS = _rx(
    r"^\s*(?:[.@]?@\w+[\s,:]*)*(?:hi|hello|hey|bonjour|salut|coucou)?[\s,!.]*(?:how|what|what's|whats|when|where|"
    r"which|who|is|are|do|does|did|can|could|will|would|should|any|comment|quand|où|pourquoi|"
    r"quel|quelle|quels|quelles|combien|est-ce|peut-on|pouvez-vous|y\s+a-t-il|on\s+peut|"
    r"c'est\s+possible|c'est\s+quoi)\b",
    r"\best-ce\s+que\b",
    r"-(?:t-)?(?:il|elle|on|vous)\s*\?",
)
NEGATIVE = _rx(
    r"\bstill\b",
    r"(?<!buy )(?<!come )(?<!fly )(?<!order )(?<!shop )\bagain\b",
    r"\bnever\b",
    r"\b(?:bad|worse|poor|poorly|sneaky|greedy|confusing|downhill|nowhere|zero)\b",
    r"\b(?:mauvaise?s?|moins\s+bien|pas\s+terrible|dommage|abusé|illisible|fade|radin)\b",
    r"\bincompréhensibles?\b",
    r"\bcrash\w*",
    r"\b(?:dirty|filthy|disaster\w*|misleading|defective|refused|problems?|issues?|useless)\b",
    r"\b(?:fail\w*|joke|hate|let\s+down|letting\s+(?:me|us)\s+down|stuck|missed)\b",
    r"\b(?:désastreu\w*|médiocre|trompeu\w*|mensonger\w*|défectueu\w*|refus\w*|problèmes?)\b",
    r"\b(?:catastroph\w*|lamentable|honteu\w*|dégoût\w*|insectes?|indign\w*|sales?\s+et)\b",
    r"\b(?:pénible|bof|galère|raté|manque|manquant\w*|bloquée?s?|sans\s+(?:réponse|nouvelles))\b",
    r"\bon\s+hold\b",
    r"\b(?:atrocious|appall\w*|nightmar\w*|dreadful|abysmal|pathetic|incompetent|unhelpful)\b",
    r"\b(?:dissatisf\w*|unprofessional|shambles|grievances?|nonexistent|missing|late|inaccurate)\b",
    r"\b(?:fed\s+up|sick\s+of|tired\s+of|had\s+enough)\b",
    r"\b(?:déplorable|exaspér\w*|inexacte?s?|mensong\w*|marre|ras[- ]le[- ]bol|injoignable)\b",
    r"\bcan't\b",
    r"\bplante\b",
    r"\bworst\b",
    r"\bterrible\b",
    r"\bawful\b",
    r"\bhorrible\b",
    r"\bdisappoint\w*",
    r"\bangry\b",
    r"\bfurious\b",
    r"\bridiculous\b",
    r"\b(?:absurd\w*|insane)\b",
    r"\bunacceptable\b",
    r"\bdisgust\w*",
    r"\bwait(?:ed|ing)\b",
    r"\bhours?\b",
    r"\brefund\w*",
    r"\bbroken?\b",
    r"\bdamaged\b",
    r"\bcancel+ed\b",
    r"\bdelay\w*",
    r"\blost\b",
    r"\brude\b",
    r"\bnot\s+happy\b",
    r"\bno\s+(?:one|answer|response|reply)\b",
    r"\bnobody\b",
    r"\bcharged\b",
    r"\bwrong\b",
    r"\bdoesn't\s+work\b",
    r"\bnot\s+working\b",
    r"\bsucks?\b",
    r"\bscam\b",
    # accusations of misleading claims, in either language
    r"\b(?:green|pink)washing\b",
    r"\bécoblanchiment\b",
    r"\bhypocri\w*",
    r"\bdark\s+patterns?\b",
    r"\b(?:don't|do\s+not|didn't|did\s+not)\s+(?:really\s+)?(?:like|enjoy)\b",
    r"\bn'aim\w*\s+(?:\w+\s+)?pas\b",
    r"\bmanipul\w*",
    r"\btoujours\s+pas\b",
    r"\bencore\b",
    r"\bjamais\b",
    r"\bpire\b",
    r"\bnulle?s?\b",
    r"\binadmissible\b",
    r"\binacceptable\b",
    r"\bhonte\b",
    r"\bdéçue?s?\b",
    r"\bdécevant\w*",
    r"\bscandal\w*",
    r"\bremboursement\b",
    r"\battente\b",
    r"\bj'attends\b",
    r"\bannulée?s?\b",
    r"\bretard\b",
    r"\bperdue?s?\b",
    r"\bcassée?s?\b",
    r"\babîmée?s?\b",
    r"\bimpoli\w*",
    r"\bpersonne\s+ne\b",
    r"\baucune?\s+(?:réponse|nouvelle|explication|solution)\b",
    r"\bprélevée?s?\b",
    r"\bimpossible\b",
    r"\barnaque\w*",
    r"\bne\s+(?:marche|fonctionne)\s+(?:pas|plus)\b",
    r"[😡🤬😤😠👎]",
)
POSITIVE = _rx(
    r"\bthanks?\b",
    r"\bthank\s+you\b",
    r"\b(?:thx|thnx|tnx|thanx)\b",
    r"\blov(?:e|ed|es|ing)\b",
    r"\bgreat\b",
    r"\b(?:(?<!not\s)nice|sympa)\b",
    r"\bawesome\b",
    r"\bamazing\b",
    r"\bbest\b",
    r"\bexcellent\b",
    r"\bperfect\w*",
    r"\b(?:beautiful\w*|lovely|wonderful|fantastic|delicious|yum+y?|helpful|friendly|kind)\b",
    r"\b(?:smooth\w*|saved|respect|10/10|well\s+done|kudos|shout\s*out)\b",
    r"\blike\s+(?:real\s+|true\s+|total\s+)?pros\b",
    r"\b(?:buy|come|fly|order|shop)\s+(?:here\s+)?again\b",
    r"\b(?:chapeau|tuerie|délicieu\w*|efficace|gentil\w*|ravie?s?|au\s+top)\b",
    r"\b(?:problème|souci|dossier|c'est|tout\s+est|tout\s+a\s+été)\s+(?:\w+\s+)?réglée?s?\b",
    r"\b(?:enjoy\w*|appreciat\w*|glad|pleasant|pleased|delighted|grateful|brilliant|superb)\b",
    r"\b(?:favou?rite|fabulous|(?<!not\s)happy|thrilled|stellar|outstanding|exceptional)\b",
    r"\b(?:impeccable|magnifique|agréable|formidable|apprécié\w*|reconnaissante?s?)\b",
    r"\b(?:très|trop|vraiment|suis|sommes)\s+contente?s?\b",
    r"\baux\s+petits\s+soins\b",
    r"\bmade\s+my\s+(?:day|morning|week)\b",
    r"\bkeep\s+it\s+up\b",
    r"🥹",
    r"\bimpressed\b",
    r"\brecommend\b",
    r"\bmerci\b",
    r"\bgénial\w*",
    r"\bsuper\b",
    r"\btop\b",
    r"\bbravo\b",
    r"\badore\b",
    r"\bparfait\w*",
    r"\bravie?s?\b",
    r"\bnickel\b",
    r"\bmeilleurs?\b",
    r"[❤😍👏🙏😊👍🥰🙌]",
    r"(?<!\w)(?::-?\)|;-?\)|:-?D|<3)",
    r"\b(?:above\s+and\s+beyond|extra\s+mile|entertaining)\b",
)
NEGATED_NEGATIVE = _rx(
    r"\bnever\s+(?:disappoints?|lets?\s+(?:me|us)\s+down|fails?)\b",
    r"\bno\s+(?:complaints?|problems?|issues?)\b",
    r"\bnot\s+bad\b",
    r"\b(?:jamais|pas)\s+déçue?s?\b",
    r"\bjamais\s+(?:décevant|déçu)\w*",
    r"\baucun\s+(?:souci|problème)\b",
)
"""Negated complaints ("never disappoints") are praise; they are counted as positive."""
SARCASM = _rx(
    r"[🙄🤡💀🍿]",
    r"\blol\b",
    r"\blmao\b",
    r"\bmdr+\b",
    r"\bptdr\b",
    r"/s\b",
    r"\bcheh\b",
    r"\bratio\b",
    r"😂",
)
ANGER = _rx(
    r"!{2,}",
    r"\?!",
    r"\bunacceptable\b",
    r"\bridiculous\b",
    r"\bfurious\b",
    r"\bworst\b",
    r"\bdisgust\w*",
    r"\bscandal\w*",
    r"\binadmissible\b",
    r"\binacceptable\b",
    r"\bhonte\b",
    r"\bfurieu\w*",
    r"\bn'importe\s+quoi\b",
    r"[😡🤬😤😠]",
)
TROLL = _rx(
    r"^\W*(?:first|premier|première|deuxième|second|1st|1er|2e)\W*$",
    r"\bnobody\s+(?:asked|cares)\b",
    r"\bpersonne\s+n'a\s+demandé\b",
    r"\bratio\b",
    r"\bcheh\b",
    r"\bbankrupt\b",
    r"\bfaillite\b",
    r"\bthoughts\s+and\s+prayers\b",
    r"\bchange\s+my\s+mind\b",
    r"\basking\s+for\s+a\s+friend\b",
    r"\b(?:are\s+you|is\s+this)\s+a\s+bot\b",
    r"\bc'est\s+un\s+bot\b",
    r"\bintern\b",
    r"\bdelete\s+(?:your|this|the)\s+(?:account|app|page|post)\b",
    r"\bsupprimez\s+(?:votre|ce|cette)\s+(?:compte|page|post|appli)\b",
    r"\bstagiaire\b",
    r"\ble\s+cm\b",
    r"[🤡🍿💀🙄🙃]",
)
INCIDENT = _rx(
    r"\b(?:my|i|i've|i'm|i'd|me|we|we've|our|us)\b",
    r"\b(?:j'ai|je|j'|mon|ma|mes|on\s+m'a|m'a|me|moi|nous|notre|nos)\b",
    r"\b\d+\s*(?:h|hrs?|hours?|min|mins|minutes|days?|weeks?|jours?|semaines?|mois)\b",
    r"\b(?:received|arrived|ordered|waited|called|booked|paid|got)\b",
    r"\b(?:reçue?|arrivée?|commandée?|attendu|appelé|réservé|payé|prélevée?)\b",
)
OPINION = _rx(
    r"\b(?:new|nouveaux?|nouvelles?)\b",
    r"\b(?:prices?|prix|tarifs?|fees|frais)\b",
    r"\b(?:policy|politique|logo|design|redesign|interface|recipe|recette|menu|ads?|pubs?|"
    r"campaign|campagne|marketing|packaging|emballages?|program|programme)\b",
    r"\b(?:should|devriez|devrait|il\s+faudrait|il\s+serait\s+temps)\b",
    r"\b(?:used\s+to|c'était\s+mieux|bring\s+back|rendez-nous)\b",
    r"\b(?:quality|qualité|greedy|radin|idea|idée|dommage|not\s+a\s+fan|pas\s+fan)\b",
    r"\b(?:customers|clients|everyone|tout\s+le\s+monde)\b",
)
REPEATED = _rx(
    r"\bagain\b",
    r"\bstill\b",
    r"\bonce\s+more\b",
    r"\bevery\s+(?:single\s+)?time\b",
    r"\b(?:second|third|fourth|2nd|3rd|4th|\w+th)\s+time\b",
    r"\b(?:two|three|four|five|\d+)\s+times\b",
    r"\bencore\b",
    r"\btoujours\s+pas\b",
    r"\bénième\b",
    r"\b(?:deuxième|troisième|quatrième|\d+e)\s+fois\b",
    r"\bà\s+chaque\s+fois\b",
    r"\bde\s+nouveau\b",
    r"\b(?:deux|trois|quatre|cinq|\d+)\s+fois\b",
)
ACCOUNT_ISSUE = _rx(
    r"\border\w*",
    r"\bpackage\b",
    r"\bparcel\b",
    r"\bdeliver\w*",
    r"\brefund\w*",
    r"\bcharged\b",
    r"\bbill\w*",
    r"\binvoice\b",
    r"\baccount\b",
    r"\bbooking\b",
    r"\bflights?\b",
    r"\btickets?\b",
    r"\breservation\b",
    r"\bsubscription\b",
    r"\bluggage\b",
    r"\bbag(?:gage)?s?\b",
    r"\btechnician\b",
    r"\bappointment\b",
    r"\bcommande\w*",
    r"\bcolis\b",
    r"\blivraison\b",
    r"\brembours\w*",
    r"\bprélev\w*",
    r"\bfactur\w*",
    r"\bcompte\b",
    r"\bréservation\b",
    r"\babonnement\b",
    r"\bbagages?\b",
    r"\bvalise\b",
    r"\btechnicien\b",
    r"\brendez-vous\b",
    r"\bbillets?\b",
    r"\b(?:mon|notre|ce|le)\s+vol\b",
)
# --- constructions: sarcasm, demands, rhetorical questions, remarks, context -------------------

THANKS_FOR = re.compile(
    r"\b(?:thanks?|thank\s+you|thx|ty|merci)(?:\s+(?:so\s+much|a\s+lot|again|encore|beaucoup|bien))?"
    r"\s+(?:for|pour|de|d')\s*(?P<what>[^.!?;\n]{0,80})",
    re.IGNORECASE,
)
"""A thank-you and what it is for: gratitude for a fix is praise, for a harm it is sarcasm."""
GRATITUDE = _rx(
    r"^(?:the\s+|your\s+|ta\s+|votre\s+|la\s+|le\s+|l'|vos\s+)?(?:\w+\s+)?(?:fix\w*|refund\w*|help\w*|"
    r"resolv\w*|sort\w*|rebook\w*|find\w*|found|replac\w*|answer\w*|respond\w*|repl(?:y|ies|ied)|"
    r"quick\w*|fast|prompt\w*|patien\w*|understanding|update\w*|info\w*|keeping|support|care|"
    r"getting\s+(?:me|us|it|my|our)|looking\s+into|following\s+up|rembours\w*|répon\w*|aide\w*|"
    r"résol\w*|trouv\w*|remplac\w*|retrouv\w*|rapidité|réactivité|patience|compréhension|retour|"
    r"suivi|geste|accueil|conseils?|nouvelles?)\b",
)
HARM = _rx(
    r"\b(?:nothing|not|never|no|nada|zilch|rien|pas|jamais|aucune?)\b",
    r"n't\b",
    r"\b(?:los(?:e|ing)|ruin\w*|wast\w*|ignor\w*|strand\w*|cancel\w*|overcharg\w*|forg[eo]t\w*|"
    r"screw\w*|mess(?:ing)?\s+up|break\w*|damag\w*|leav(?:e|ing)\s+(?:me|us)|"
    r"mak(?:e|ing)\s+(?:me|us)\s+(?:wait|miss|pay|late))\b",
    r"\b(?:perd\w*|gâch\w*|oubli\w*|annul\w*|fait\s+attendre|laiss\w*\s+(?:tomber|en\s+plan)|"
    r"abandonn\w*|plant\w*)\b",
)
IRONIC_OPENER = _rx(
    r"^(?:[.@]?@\w+[\s,:]*)*(?:oh\s+|wow\s+|ah\s+|ouah\s+|eh\s+bien\s+|well\s+)?"
    r"(?:great|nice|good|awesome|amazing|fantastic|brilliant|wonderful|lovely|perfect|excellent|"
    r"super|génial|parfait|bravo|chapeau|top|bien\s+joué|encore\s+bravo|well\s+done|way\s+to\s+go|"
    r"thanks|thank\s+you|merci)"
    r"(?:\s+(?:job|work|service|stuff|team|guys|again|encore|les\s+gars|l'équipe))?"
    r"(?:\s*[,!…]+|\s*\.{2,}|\s+-+)\s*",
)
"""A stock compliment standing alone before the facts: "Great job, 3 hours late again"."""
IRONIC_PHRASE = _rx(
    r"\b(?:(?:i\s+)?(?:just\s+|really\s+|absolutely\s+)?lov(?:e|ing)|gotta\s+love|"
    r"(?:you\s+)?(?:gotta|have\s+to)\s+love|so\s+glad|j'adore|j'aime)\s+"
    r"(?:how|that|when|the\s+way|it\s+when|quand|comment|le\s+fait\s+que|qu')",
    r"\b(?:quel(?:le)?\s+(?:plaisir|bonheur|joie)|what\s+a\s+(?:pleasure|treat|joy)|"
    r"nothing\s+(?:beats|like))\b",
)
"""Praise framing a grievance in the same sentence: "love how the app crashes every time"."""
IRONY_MARKER = _rx(
    r"\(\s*not\s*\)",
    r"#not\b",
    r"\byeah\s+right\b",
    r"\bsaid\s+no\s*(?:one|body)\s+ever\b",
    r"\bmakes?\s+(?:@?\w+\s+){1,3}look\s+(?:good|great|amazing|fantastic|brilliant)\b",
    r"\(\s*ou\s+pas\s*\)",
    r"\bc'est\s+beau\s+le\s+progrès\b",
)
"""Markers that turn a whole sentence sarcastic: "glad I got up at 5 for this (not)"."""
SCARE_QUOTED = re.compile(
    r"[\"“«']\s*(?:world[- ]class|premium|express|fast|quick|rapide|service\s+client|"
    r"customer\s+service|excellence|best|meilleur\w*|great|excellent|top|luxury|luxe|fresh|"
    r"frais|qualité|quality|care|priority|prioritaire|on[- ]time|à\s+l'heure)\s*[\"”»']",
    re.IGNORECASE,
)
RESOLVED = _rx(
    r"\b(?:finally|at\s+last|came\s+through|arrived|fixed|sorted|resolved|solved|on\s+time)\b",
    r"\b(?:enfin|arrivée?s?|reçue?s?|réglée?s?|résolue?s?|réparée?s?|à\s+l'heure)\b",
)
"""A grievance that has been solved: a thank-you before it is genuine."""
POLITE = _rx(
    r"\b(?:thanks?|thank\s+you|thx|ty|cheers|merci)(?:\s+(?:in\s+advance|d'avance|par\s+avance|"
    r"beaucoup|a\s+lot|so\s+much|bcp))?\W*$",
    r"\bthanks?\s+in\s+advance\b",
    r"\bmerci\s+(?:d'avance|par\s+avance)\b",
    r"\bmerci\s+de\s+(?:me\s+|nous\s+)?(?:répondre|rappeler|recontacter|faire\s+le\s+nécessaire|"
    r"votre\s+(?:retour|réponse|aide))\b",
    r"\b(?:please|pls|plz|svp|s'il\s+vous\s+pla[iî]t)\b",
)
"""A closing thank-you or "please" is politeness: it does not make a question praise."""

DEMAND = _rx(
    r"\b(?:or\s+not|yes\s+or\s+no)\s*\?",
    r"\bou\s+(?:pas|quoi|non)\s*\?",
    r"\boui\s+ou\s+non\b",
    r"\bwhen\s+(?:will|are|is|do|does|can|am)\s+(?:you|u|y'all|someone|anyone|i|we)\s+"
    r"(?:\w+\s+){0,3}?(?:refund\w*|compensat\w*|reimburs\w*|fix\w*|answer\w*|repl(?:y|ies)|"
    r"respond\w*|call\w*\s+(?:me\s+|us\s+)?back|get\s+back|hear\s+back|resolv\w*|restor\w*|"
    r"(?:get|see|receive)\s+(?:my|our|a|the)\s+(?:money|refund|compensation|bags?|luggage))\b",
    r"\bwhen\s+(?:will|is|are)\s+(?:it|this|that|the\s+\w+|my\s+\w+|our\s+\w+)\s+"
    r"(?:ever\s+)?be\s+(?:back|fixed|restored|working|resolved|refunded|sorted)\b",
    r"\b(?:are|will|r)\s+(?:you|u)\s+(?:guys\s+)?(?:ever\s+)?(?:going\s+to|gonna)\s+(?:\w+\s+)?"
    r"(?:refund|fix|answer|reply|respond|call|help|do\s+(?:something|anything)|compensate|"
    r"reimburse|get\s+back)\b",
    r"\bwill\s+(?:you|u|anyone|someone|anybody)\s+ever\b",
    r"\b(?:is|does|will)\s+(?:anyone|anybody|someone|somebody)\s+(?:\w+\s+)?"
    r"(?:going\s+to|gonna|ever|even)\s+(?:help|answer|reply|respond|call|fix|care)\b",
    r"\bhow\s+(?:much\s+longer|long|many\s+more\s+\w+)\s+(?:do|will|must|should|am|are|have)\s+"
    r"(?:i|we)\s+(?:\w+\s+)?(?:wait|keep|be\s+on\s+hold|stay)\b",
    r"\bwhere\s+(?:is|are|the\s+hell\s+is)\s+(?:my|our)\s+(?:refund|money|bags?|luggage|suitcase|"
    r"order|package|parcel|compensation|reimbursement)\b",
    r"\bwhat\s+gives\b",
    r"\bwhat\s+(?:are|is)\s+(?:you|u)\s+(?:guys\s+)?(?:going\s+to\s+do|doing)\s+about\b",
    r"\b(?:vous\s+)?(?:comptez|allez|pensez)(?:[- ]vous)?\s+(?:me\s+|nous\s+)?(?:\w+\s+)?"
    r"(?:rembourser|répondre|indemniser|dédommager|compenser|rappeler|faire\s+quelque\s+chose|"
    r"réparer|régler)\b",
    r"\bquand\s+(?:est-ce\s+qu(?:e\s+|'))?(?:allez-vous|vous\s+allez|vais-je|je\s+vais|serai-je|"
    r"aurai-je|on\s+va|vous\s+comptez|comptez-vous)\s+(?:\w+\s+){0,3}?(?:rembours\w*|répond\w*|"
    r"indemnis\w*|dédommag\w*|rappel\w*|répar\w*|rétabli\w*|résou\w*|être\s+(?:remboursée?|"
    r"rappelée?|indemnisée?))",
    r"\b(?:rembours|répond|indemnis|dédommag|compens|rappel)\w*\s+quand\s*\?",
    r"\bjusqu'à\s+quand\b",
    r"\bc'est\s+normal\s+(?:que|qu'|de)\b",
    r"\bcombien\s+de\s+temps\s+(?:encore|va-t-il\s+falloir|faut-il\s+(?:encore\s+)?attendre)\b",
    r"\bil\s+faut\s+attendre\s+combien\b",
    r"\boù\s+(?:est|sont|en\s+est)\s+(?:mon|ma|mes|notre|nos)\s+(?:rembours\w*|argent|colis|"
    r"commande|valise|bagages?|indemnisation)\b",
    r"\bquelqu'un\s+va(?:-t-il)?\s+(?:enfin\s+)?(?:me\s+|nous\s+)?répondre\b",
)
"""A question that claims a remedy owed: a complaint, still asking something."""
WHY_QUESTION = _rx(r"\bwhy\b", r"\bpourquoi\b", r"\bhow\s+come\b", r"\bcomment\s+se\s+fait-il\b")
"""With a grievance word in the same sentence ("why is my flight cancelled again?")."""
RHETORICAL = _rx(
    r"\bis\s+(?:this|that|it)\s+(?:really|seriously|honestly)\b",
    r"\b(?:are|r)\s+(?:you|u)\s+(?:guys\s+)?(?:serious|kidding|joking|for\s+real)\b",
    r"\bseriously\s*\?",
    r"\bhow\s+is\s+(?:this|that|it)\s+(?:\w+\s+)?(?:ok|okay|acceptable|fair|legal|allowed|normal)\b",
    r"\bhow\s+hard\s+(?:is\s+it|can\s+it\s+be)\b",
    r"\bwould\s+it\s+kill\s+(?:you|u)\b",
    r"\bhow\s+(?:can|could|do|dare)\s+(?:you|u|anyone|one)\s+(?:\w+\s+)?(?:justify|call\s+"
    r"(?:that|this|it|yourselves)|expect|trust|treat)\b",
    r"\bdo\s+(?:you|u)\s+(?:guys\s+|people\s+)?(?:even|actually|really)\s+(?:care|read|listen|test|"
    r"check|know|train)\b",
    r"\bis\s+(?:it|this)\s+(?:your|the\s+company's)\s+(?:\w+\s+)?"
    r"(?:policy|practice|procedure|protocol|idea\s+of)\b",
    r"\b(?:you|u)\s+(?:say|claim|promise|advertise)\b[^.!?]{0,80}\bbut\b",
    r"\bvous\s+(?:dites|prétendez|promettez|affichez)\b[^.!?]{0,80}\bmais\b",
    r"\bwhat\s+(?:a|an)\s+(?:joke|mess|shame|disgrace|farce)\b",
    r"\bwhat(?:'s|\s+has)?\s+happened\s+to\s+(?:the|your)\b",
    r"\byou\s+(?:guys\s+|people\s+)?(?:should|need\s+to|must|have\s+to)\s+(?:really\s+)?"
    r"(?:get\s+better|do\s+better|improve|change|train|hire|stop|learn|fix)\b",
    r"\bvous\s+(?:abusez|exagérez|poussez|charriez|vous\s+moquez\s+(?:de\s+nous|du\s+monde|"
    r"des\s+gens|de\s+vos\s+clients))\b",
    r"\bc'est\s+(?:une\s+blague|une\s+plaisanterie|sérieux)\b",
    r"\bvous\s+êtes\s+sérieux\b",
    r"\bsérieusement\s*\?",
    r"\bc'est\s+(?:vraiment\s+)?(?:si|trop)\s+(?:difficile|compliqué|dur|demander)\b",
    r"\bvous\s+trouvez\s+ça\s+(?:normal|acceptable|correct|sérieux)\b",
    r"\bcomment\s+(?:pouvez-vous|osez-vous|vous\s+pouvez|vous\s+osez|peut-on|on\s+peut)\s+"
    r"(?:\w+\s+)?(?:justifier|appeler|oser|traiter)\b",
    r"\bc'est\s+(?:ça|cela)\s+votre\s+\w+",
    r"\b(?:pas|peu)\s+sérieux\b",
    r"\bvous\s+(?:devriez|devez)\s+(?:vraiment\s+)?(?:faire\s+mieux|revoir|changer|améliorer|"
    r"former|arrêter)\b",
)
"""A judgement on the brand, phrased as a question or a remark: criticism, nothing to answer
as a question."""

ACKNOWLEDGEMENT = _rx(
    r"^(?:ok(?:ay)?|k|kk|noted|got\s+it|understood|fair\s+enough|i\s+see|alright|all\s+right|sure|"
    r"cool|will\s+do|roger|d'accord|dac|ok\s+d'accord|entendu|noté|bien\s+noté|c'est\s+noté|"
    r"compris|ça\s+marche|je\s+vois|vu|ah|oh|ah\s+ok|oh\s+ok|ah\s+d'accord|ah\s+bon|bon)"
    r"(?:\s+(?:thanks?|thank\s+you|thx|merci|then|alors))?$",
)
"""An acknowledgement alone ("ok", "noted", "d'accord"), once handles and emoji are cut."""
ECHO = _rx(
    r"^(?:same(?:\s+(?:here|for\s+me|for\s+us|problem|issue|thing|boat))?|me\s+too|us\s+too|"
    r"me\s+neither|ditto|this|\+1|pareil(?:\s+(?:ici|pour\s+moi|chez\s+moi))?|moi\s+aussi|"
    r"moi\s+non\s+plus|nous\s+aussi|idem|itou|chez\s+moi\s+aussi|ici\s+aussi|same\s+here\s+too)$",
)
"""Agreeing with the thread ("same here", "moi aussi"): it means what the thread says."""
STILL = _rx(
    r"^(?:still|always)\s+(?:\w+\s*){0,4}$",
    r"^(?:toujours|encore)\s+(?:\w+\s*){0,4}$",
)
"""A short "still down here" / "toujours rien": an update on a problem already raised."""
FORWARDED = _rx(
    r"(?:^|\s)(?:rt|mt)\s+@\w+",
    r"^[\"“]\s*@\w+\s*:",
    r"\b(?:via|from|by|par)\s+@\w+\s*(?:https?://|www\.|$)",
    r"\s[-–—|]\s+@?\w+(?:\s+\w+){0,2}\s*(?:https?://|www\.)",
)
"""A shared headline or a retweet: news passed on, not a message to the brand."""
DM_SENT = _rx(
    r"\b(?:just\s+)?(?:dm'?d|dm'?ed|sent\s+(?:you\s+)?(?:a\s+)?(?:dm|private\s+message|pm))\b",
    r"\b(?:dm|pm)\s+sent\b",
    r"\bcheck\s+(?:your|ur|the)\s+(?:dms?|inbox|private\s+messages?)\b",
    r"\b(?:mp|message\s+privé)\s+envoyé\b",
    r"\b(?:je\s+vous\s+ai|on\s+vous\s+a)\s+(?:envoyé|écrit)\s+(?:un\s+)?(?:mp|dm|message\s+privé|"
    r"message\s+en\s+privé)\b",
    r"\bregardez\s+(?:vos|mes)\s+(?:mp|messages?\s+privés?)\b",
)
"""Says they wrote in private: the answer belongs there, nothing to post."""
PRONOUNS = _rx(
    r"\b(?:i|i'm|i've|i'd|i'll|me|my|we|we're|our|us|you|your|u|ur|y'all)\b",
    r"\b(?:je|j'|moi|mon|ma|mes|nous|notre|nos|vous|votre|vos|tu|ton|ta|tes)\b",
)
INCIDENT_POST = _rx(
    r"\b(?:outages?|down\s*time|disruptions?|disrupted|interruptions?|incidents?|degraded)\b",
    r"\b(?:is|are|was|were|went|gone)\s+down\b",
    r"\b(?:not\s+working|unavailable|offline|back\s+online|restored|restoring|recall(?:ed)?)\b",
    r"\b(?:technical|network|system|service)\s+(?:issues?|problems?|difficult\w*|failures?)\b",
    r"\bissues?\s+(?:with|affecting)\b",
    r"\bwe(?:'re|\s+are)\s+(?:aware|investigating|working\s+on|looking\s+into)\b",
    r"\b(?:sorry|apologi[sz]e)\s+for\s+the\s+(?:inconvenience|disruption|delay|trouble)\b",
    r"\b(?:delays?|delayed|cancell?ations?|cancell?ed|strike|maintenance)\b",
    r"\b(?:pannes?|perturbations?|perturbée?s?|coupures?|dysfonctionnements?|indisponibles?)\b",
    r"\b(?:problèmes?|difficultés?|incidents?)\s+(?:techniques?|réseau|de\s+connexion)\b",
    r"\bnous\s+(?:sommes\s+au\s+courant|travaillons|enquêtons|mettons\s+tout\s+en\s+œuvre)\b",
    r"\b(?:désolée?s?|excusez-nous|nous\s+nous\s+excusons)\s+pour\s+(?:la\s+gêne|le\s+désagrément|"
    r"ce\s+(?:retard|désagrément))\b",
    r"\b(?:retards?|annulations?|annulée?s?|grève|maintenance|rétabli\w*|rappel\s+(?:de\s+)?"
    r"produits?)\b",
)
"""A post about an outage, a delay or a recall: what "same here" under it complains about."""
FOLLOW_UP = _rx(
    r"\b(?:eta|updates?|any\s+news|news\s+on|when|how\s+long|back|fixed|working|affected)\b",
    r"\b(?:des\s+nouvelles|du\s+nouveau|quand|combien\s+de\s+temps|rétabli\w*|réparée?s?|"
    r"fonctionne|concernée?s?)\b",
)
"""A question after the incident itself, under a post about one."""

NOT_LANGUAGE = re.compile(rf"{LINK.pattern}|[@#]\w+", re.IGNORECASE)
HANDLE = re.compile(r"@\w+")
NEGATION = _rx(r"\b(?:not|never|no|nothing|rien|pas|jamais|aucune?)\b", r"n't\b")
DENIAL = _rx(
    r"\b(?:not|never|nothing|nobody|no\s+one|rien|jamais|personne|aucune?)\b",
    r"\b\w+n't\b",
    r"\b(?:couldnt|didnt|doesnt|dont|wont|cant|isnt|wasnt|wouldnt|havent|hasnt|arent|werent)\b",
    r"\b(?:ne|n')\s*\w+\s+(?:pas|plus|jamais|rien)\b",
)
SENTENCES = re.compile(r"(?<=[.!?…\n])\s+")
CLAUSES = re.compile(r"(?<=[,;:])\s+|\s+(?:-|–|—)\s+")
GENUINE: tuple[Category, ...] = ("question", "complaint", "criticism")
"""What a comment with injected instructions may still be, once they are cut."""
WORD = re.compile(r"\w+")

PII_LABEL = {
    "en": {
        "email": "email address",
        "phone": "phone number",
        "order_number": "order number",
        "card_number": "card number",
        "iban": "IBAN",
        "address": "postal address",
    },
    "fr": {
        "email": "adresse e-mail",
        "phone": "numéro de téléphone",
        "order_number": "numéro de commande",
        "card_number": "numéro de carte",
        "iban": "IBAN",
        "address": "adresse postale",
    },
}


def _normalise(text: str) -> str:
    """Curly apostrophes to straight ones so one pattern covers both keyboards."""
    return text.replace("’", "'").replace("ʼ", "'")


def _quote(match: re.Match[str]) -> str:
    return " ".join(match.group(0).split())[:40]


def _crisis(text: str) -> tuple[str, str] | None:
    """The first crisis kind found and the words that triggered it."""
    for kind, pattern in CRISIS.items():
        match = pattern.search(text)
        if match:
            return kind, _quote(match)
    return None


def _abuse(text: str) -> str | None:
    match = ABUSE.search(ABUSE_EXCEPTIONS.sub(" ", text))
    return _quote(match) if match else None


def _spam(text: str) -> tuple[int, bool, str | None]:
    """Spam score, whether a strong or medium signal fired, and the words to quote."""
    strong = SPAM_STRONG.search(text)
    medium = SPAM_MEDIUM.findall(text)
    weak = SPAM_WEAK.findall(text)
    link = LINK.search(text)
    score = (3 if strong else 0) + 2 * len(medium) + len(weak) + (1 if link else 0)
    first = strong or SPAM_MEDIUM.search(text) or link
    return score, bool(strong or medium), (_quote(first) if first else None)


def _is_question(text: str) -> bool:
    bare = LINK.sub(" ", text)  # the "?" of a link's query string asks nothing
    return "?" in bare or bool(QUESTION_WORDS.search(bare))


def _blank(text: str, spans: Iterable[tuple[int, int]], fill: str = " ") -> str:
    """`text` with each span replaced by `fill` repeated (length kept when `fill` is one
    character, so the other spans stay valid)."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            chars[i] = fill
    return "".join(chars)


def _thanks(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of gratitude for a fix (its grievance words are not counted) and of sarcastic
    thanks for a harm ("thanks for nothing", "merci pour rien"): their thank-you is not praise."""
    grateful: list[tuple[int, int]] = []
    ironic: list[tuple[int, int]] = []
    for match in THANKS_FOR.finditer(text):
        what = re.split(r",|\bbut\b|\bmais\b", match.group("what"), maxsplit=1)[0]
        end = match.start("what") + len(what)
        head = " ".join(what.split()[:2])
        if GRATITUDE.search(what) and not NEGATION.search(head):
            grateful.append((match.start("what"), end))
        elif HARM.search(what) or NEGATIVE.search(what):
            ironic.append((match.start(), end))
    return grateful, ironic


def _irony(text: str) -> list[tuple[int, int]]:
    """Spans of praise words used sarcastically: a stock compliment before a grievance,
    "love how..." around one, scare quotes, and thanks for a harm."""
    spans = _thanks(text)[1]
    opener = IRONIC_OPENER.search(text)
    if opener:
        rest = text[opener.end() :]
        if NEGATIVE.search(rest) and not POSITIVE.search(rest) and not RESOLVED.search(rest):
            spans.append(opener.span())
    offset = 0
    for sentence in SENTENCES.split(text):
        start = text.find(sentence, offset)
        offset = start + len(sentence)
        if IRONY_MARKER.search(sentence):
            spans.append((start, offset))
            continue
        phrase = IRONIC_PHRASE.search(sentence)
        if phrase:
            after = sentence[phrase.end() :]
            if NEGATIVE.search(after) and not RESOLVED.search(after):
                spans.append((start + phrase.start(), start + phrase.end()))
    spans.extend(match.span() for match in SCARE_QUOTED.finditer(text))
    return spans


def _demands(text: str) -> bool:
    """A question that claims something owed, or asks why a grievance happened."""
    if DEMAND.search(text):
        return True
    for sentence in SENTENCES.split(text):
        why = _is_question(sentence) and WHY_QUESTION.search(sentence)
        if why and NEGATIVE.search(NEGATED_NEGATIVE.sub(" ", sentence)):
            return True
    return False


def _core(text: str) -> str:
    """The words of a comment without links, handles, hashtags, emoji and punctuation."""
    return " ".join(re.findall(r"[\w'+]+", NOT_LANGUAGE.sub(" ", text))).casefold()


def _questions(text: str) -> list[str]:
    """The sentences that ask something, rhetorical ones left out (at most 3)."""
    found: list[str] = []
    for sentence in SENTENCES.split(text):
        sentence = " ".join(sentence.split())
        bare = LINK.sub(" ", sentence)
        asks = "?" in bare or (
            bool(QUESTION_WORDS.search(bare)) and not bare.rstrip().endswith("!")
        )
        if asks and WORD.search(bare) and not RHETORICAL.search(sentence):
            found.append(sentence if len(sentence) <= 200 else sentence[:199] + "…")
    return found[:3]


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))


def _without_injection(text: str) -> str:
    """The comment minus injected instructions: in each sentence, the clause that starts
    them and every clause after it (their payload) are cut."""
    kept: list[str] = []
    for sentence in SENTENCES.split(text):
        for clause in CLAUSES.split(sentence):
            if looks_like_injection(clause):
                break
            kept.append(clause)
    return " ".join(kept).strip()


def _shouting(text: str) -> bool:
    """Several words in capitals, or most of a short comment: acronyms alone do not count."""
    words = [w for w in WORD.findall(text) if len(w) >= 3 and w.isalpha()]
    caps = [w for w in words if w.isupper()]
    return len(caps) >= 3 or (len(caps) >= 2 and len(caps) >= 0.5 * len(words))


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Blank personal data out before the rules run, so `why` can never quote it."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(0, start), min(len(chars), end)):
            chars[i] = " "
    return "".join(chars)


# --- nearest neighbours ------------------------------------------------------------------------


def _grams(text: str) -> Counter[str]:
    """Words and character 3-4-grams: they catch what the English-only embedding model
    misses in French ("merci", "toujours pas") and the emoji that carry the intent.
    @handles are left out: a name says nothing of the intent, and on X every reply opens
    with the brand's."""
    flat = " " + " ".join(HANDLE.sub(" ", _normalise(text)).lower().split()) + " "
    grams: Counter[str] = Counter(f"w:{word}" for word in WORD.findall(flat))
    for n in (3, 4):
        grams.update(flat[i : i + n] for i in range(len(flat) - n + 1))
    return grams


class _Idf:
    """Inverse document frequencies of the shipped examples, shared by every bank so that
    lexical similarities stay on one scale."""

    def __init__(self, texts: Sequence[str]) -> None:
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(_grams(text)))
        self.n = len(texts)
        self.df = df

    def vector(self, text: str) -> dict[str, float]:
        weights = {
            gram: (1 + math.log(tf)) * (math.log((self.n + 1) / (self.df[gram] + 1)) + 1)
            for gram, tf in _grams(text).items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {gram: w / norm for gram, w in weights.items()}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(gram, 0.0) for gram, w in a.items())


class _Bank:
    """Labelled examples with their vectors, embedded once on first use (thread-safe)."""

    def __init__(self, examples: Sequence[LabelledExample]) -> None:
        self.examples = tuple(examples)
        self.labels = tuple(example.category for example in self.examples)
        self._matrix: NDArray[np.float32] | None = None
        self._lexical: list[dict[str, float]] | None = None
        self._lock = threading.Lock()

    def matrix(self, embedder: Embedder) -> NDArray[np.float32]:
        with self._lock:
            if self._matrix is None:
                vectors = embedder.embed([example.text for example in self.examples])
                matrix = np.asarray(vectors, dtype=np.float32)
                self._matrix = matrix.reshape(len(self.examples), -1)
            return self._matrix

    def lexical(self, idf: _Idf) -> list[dict[str, float]]:
        with self._lock:
            if self._lexical is None:
                self._lexical = [idf.vector(example.text) for example in self.examples]
            return self._lexical

    def similarity(
        self, embedder: Embedder, idf: _Idf, query: NDArray[np.float32], lexical: dict[str, float]
    ) -> NDArray[np.float32]:
        semantic = self.matrix(embedder) @ query
        surface = np.asarray([_dot(lexical, v) for v in self.lexical(idf)], dtype=np.float32)
        return SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * surface


class Triager:
    """Triage with the shipped examples, plus optional extra (per-brand) examples."""

    def __init__(
        self,
        embedder: Embedder,
        extra_examples: Sequence[LabelledExample] = (),
        *,
        k: int = K,
        _shipped: _Bank | None = None,
        _idf: _Idf | None = None,
    ) -> None:
        self.embedder = embedder
        self.k = k
        self._shipped = _shipped or _Bank(load_examples(SHIPPED_EXAMPLES))
        self._idf = _idf or _Idf([example.text for example in self._shipped.examples])
        self._extra = _Bank(extra_examples)

    load_examples = staticmethod(load_examples)

    @property
    def examples(self) -> tuple[LabelledExample, ...]:
        return self._shipped.examples + self._extra.examples

    def with_examples(self, extra: Sequence[LabelledExample]) -> Triager:
        """A triager with this one's examples plus `extra`; the shipped vectors are shared,
        so only the extras get embedded (per-brand triagers stay cheap)."""
        return Triager(
            self.embedder,
            (*self._extra.examples, *extra),
            k=self.k,
            _shipped=self._shipped,
            _idf=self._idf,
        )

    def warm_up(self) -> None:
        """Embed the examples now rather than on the first comment."""
        self._shipped.matrix(self.embedder)
        if self._extra.examples:
            self._extra.matrix(self.embedder)

    def scores(self, vector: Sequence[float], text: str) -> dict[Category, float]:
        """Similarity-weighted vote of the k nearest examples, normalised to sum to 1.

        Similarity mixes the embedding (meaning) and character n-grams (surface cues).
        """
        query = np.asarray(vector, dtype=np.float32)
        lexical = self._idf.vector(text)
        sims = [self._shipped.similarity(self.embedder, self._idf, query, lexical)]
        labels = list(self._shipped.labels)
        weights = [np.ones(len(labels), dtype=np.float32)]
        if self._extra.examples:
            sims.append(self._extra.similarity(self.embedder, self._idf, query, lexical))
            labels.extend(self._extra.labels)
            weights.append(np.full(len(self._extra.labels), EXTRA_WEIGHT, dtype=np.float32))
        similarity = np.concatenate(sims)
        weight = np.concatenate(weights)
        top = np.argsort(-similarity, kind="stable")[: self.k]
        votes: dict[Category, float] = dict.fromkeys(CATEGORIES, 0.0)
        for i in top:
            # Squared similarity: the closest examples count much more than the k-th one.
            votes[labels[i]] += float(max(similarity[i], 0.0)) ** 2 * float(weight[i])
        total = sum(votes.values()) or 1.0
        return {category: value / total for category, value in votes.items()}

    def triage(
        self,
        comment: str,
        *,
        vector: list[float] | None = None,
        language: str | None = None,
        context: str | None = None,
        context_vector: list[float] | None = None,
    ) -> Triage:
        """Triage one comment. Pass `vector` (its embedding) when the caller already has it.

        `context` is the post or thread the comment answers, untrusted like the comment: it is
        only matched against incident and polarity cues (and embedded, or `context_vector`
        used, when the cues say nothing), never quoted. Under an outage post, "still down
        here" is a complaint about that incident; under praise, "same here" is not one.
        """
        if not comment.strip():
            return Triage(
                category="troll",
                sentiment="neutral",
                severity=0,
                language=language or "en",
                pii=[],
                injection_suspected=False,
                action="no_reply",
                why=WHY["fr" if language == "fr" else "en"]["empty"],
            )
        # Links and @handles say nothing about the language, and tilt short comments to English.
        language = language or detect_language(NOT_LANGUAGE.sub(" ", comment))
        lang = "fr" if language == "fr" else "en"
        matches = find_pii(comment)
        pii = list(dict.fromkeys(match.kind for match in matches))
        spans = [(m.start, m.end) for m in matches]
        text = _normalise(_mask(comment, spans))
        injection = looks_like_injection(comment)

        injection_only = False
        subject, subject_vector = comment, vector
        if injection:
            # Classify what the person actually asks, not the instructions they injected.
            subject, subject_vector = _without_injection(text), None
            injection_only = len(WORD.findall(subject)) < REST_MIN_WORDS
            if injection_only:
                subject = text
        if subject_vector is None:
            subject_vector = self.embedder.embed_one(subject)
        cues = _cues(text if subject is comment else subject)
        votes = _nudge(self.scores(subject_vector, subject), cues)
        vote: Category = max(votes, key=lambda c: votes[c])
        if injection and vote not in GENUINE:
            # Praise or banter wrapped around injected instructions is still manipulation.
            injection_only = True

        crisis = _crisis(text)
        abuse = _abuse(text)
        spam_score, spam_sure, spam_quote = _spam(text)
        quote: str | None = None
        category: Category
        if crisis:
            category, quote = "crisis", crisis[1]
        elif abuse:
            category, quote = "abuse", abuse
        elif spam_sure and spam_score >= 3:
            category, quote = "spam", spam_quote
        elif injection_only:
            category = "troll"
        else:
            category = vote

        about_context = False
        # Rules and manipulation keep their call; an unmarked provocation may be a grievance.
        rules = category in ("crisis", "abuse", "spam") or injection_only
        marked_troll = category == "troll" and (cues.troll or cues.sarcasm)
        if context and context.strip() and not rules and not marked_troll:
            category, about_context = self._in_context(
                category, text, cues, context, context_vector
            )

        # Real questions, personal data blanked out, injected instructions cut.
        asked = _normalise(_blank(comment, spans, "…")) if spans else _normalise(comment)
        questions = [] if injection_only else _questions(_without_injection(asked) or asked)
        if category == "remark" and questions:
            category = "question"  # a question is never a remark
        sentiment = _sentiment(category, cues)
        severity = _severity(category, cues, sentiment)
        action = _action(category, pii, cues.account_issue and not about_context)
        why = _why(
            lang=lang,
            category=category,
            quote=quote,
            crisis_kind=crisis[0] if crisis else None,
            pii=pii,
            injection=injection,
            injection_only=injection_only,
            underlying=vote,
            cues=cues,
            about_context=about_context,
            asks=bool(questions),
        )
        return Triage(
            category=category,
            sentiment=sentiment,
            severity=severity,
            language=language,
            pii=pii,
            injection_suspected=injection,
            action=action,
            why=why,
            questions=questions,
            about_context=about_context,
        )

    def _in_context(
        self,
        category: Category,
        comment: str,
        cues: _Cues,
        context: str,
        context_vector: Sequence[float] | None,
    ) -> tuple[Category, bool]:
        """The category once the post or thread the comment answers is known, and whether
        the comment is read as being about it.

        Only comments that say little by themselves move: an echo ("same here"), a short
        "still ..." update, or what would otherwise be a remark, a plain question or an
        unmarked provocation. A comment with its own grievance or praise keeps its category.
        """
        bare = cues.echo or cues.still
        open_to_context = bare or category in ("remark", "troll")
        open_to_context = open_to_context or (category == "praise" and not cues.positive)
        # A question under an outage post is about it when it asks after it ("any news?",
        # "is it back?") or carries a grievance; "do you ship to Canada?" is not.
        about_it = category == "question" and (cues.negative > 0 or bool(FOLLOW_UP.search(comment)))
        if not (open_to_context or about_it):
            return category, False
        kind = self._context_kind(_normalise(context), context_vector)
        if kind == "incident":
            return "complaint", True
        if cues.echo:
            return ("praise", True) if kind == "positive" else ("remark", False)
        return category, False

    def _context_kind(
        self, context: str, context_vector: Sequence[float] | None
    ) -> Literal["incident", "positive"] | None:
        """What the thread is about: an incident (outage, delay, recall), praise, or neither.
        Rules first; the neighbours' vote on the context only when the rules say nothing and
        the context reads negative."""
        if INCIDENT_POST.search(context):
            return "incident"
        plain = NEGATED_NEGATIVE.sub(" ", context)
        positive = _count(POSITIVE, plain) + _count(NEGATED_NEGATIVE, context)
        negative = _count(NEGATIVE, plain)
        if positive > negative:
            return "positive"
        if negative > positive:
            vector = context_vector
            if vector is None:
                vector = self.embedder.embed_one(context)
            votes = self.scores(vector, context)
            if votes["complaint"] + votes["crisis"] >= CONTEXT_INCIDENT_VOTE:
                return "incident"
        return None


class _Cues(msgspec.Struct, frozen=True, kw_only=True):
    """Surface cues the embedding does not see well: polarity, "?", sarcasm, anger."""

    question: bool
    interrogative: bool
    """Both a "?" and an interrogative opening: the form of a real question."""
    positive: int
    negative: int
    sarcasm: bool
    troll: bool
    incident: int
    opinion: int
    spam: int
    angry: bool
    repeated: bool
    account_issue: bool
    irony: bool = False
    """Praise words used sarcastically, or thanks for a harm: negative, never praise."""
    demand: bool = False
    """A question claiming a remedy or asking why a grievance happened: a complaint."""
    rhetorical: bool = False
    """A judgement phrased as a question or a remark: criticism."""
    remark: int = 0
    """Cues of a remark that needs no answer: acknowledgement, echo, tag, headline, DM note."""
    remark_form: bool = False
    denial: int = 0
    """Negations ("not", "couldn't", "jamais"): a comment that denies something tells of a
    problem more often than it remarks."""
    """The form of a remark whatever its words: an acknowledgement, an echo, a bare tag..."""
    echo: bool = False
    """"Same here", "moi aussi": it means what the thread it answers says."""
    still: bool = False
    """A short "still down here": an update on a problem already raised."""
    dm: bool = False
    """Says they wrote in private messages."""


def _cues(text: str) -> _Cues:
    grateful = _thanks(text)[0]
    ironic = _irony(text)
    flipped = _count(NEGATED_NEGATIVE, text)
    plain = NEGATED_NEGATIVE.sub(" ", text)
    # Grievance words inside a thank-you for their fix ("thanks for the refund") are not one.
    negative_text = _blank(plain, grateful)
    question = _is_question(text)
    demand = _demands(text)
    rhetorical = bool(RHETORICAL.search(text))
    negative = _count(NEGATIVE, negative_text) + bool(ironic) + (demand or rhetorical)
    # A thank-you that is sarcastic, or only closes a question or a grievance, is not praise.
    core = _core(text)
    acknowledgement = bool(ACKNOWLEDGEMENT.search(core))
    positive_text = _blank(plain, ironic)
    if question or negative or acknowledgement:
        positive_text = POLITE.sub(" ", positive_text)
    positive = _count(POSITIVE, positive_text) + flipped
    incident = _count(INCIDENT, text)
    words = len(core.split())
    echo = bool(ECHO.search(core))
    still = bool(STILL.search(core)) and words <= 5
    dm = bool(DM_SENT.search(text))
    remark, form = 0, False
    if not question and not (ironic or demand or rhetorical):
        tag_only = bool(HANDLE.search(text)) and words == 0
        # What a comment is (an acknowledgement, an echo, a retweet, a DM note, a bare tag)...
        form = acknowledgement or echo or tag_only or dm or bool(FORWARDED.search(text))
        remark = 2 * form
        if not positive and not negative:
            # ... or what it lacks: a shared link, or a few words, with no polarity at all.
            headline = bool(LINK.search(text)) and not PRONOUNS.search(LINK.sub(" ", text))
            remark += headline + (incident == 0) + (bool(HANDLE.search(text)) and words <= 3)
    return _Cues(
        question=question,
        interrogative="?" in text and bool(QUESTION_WORDS.search(text)),
        positive=positive,
        negative=negative,
        sarcasm=bool(SARCASM.search(text)),
        troll=bool(TROLL.search(text)),
        incident=incident,
        opinion=_count(OPINION, text),
        spam=_spam(text)[0],
        angry=bool(ANGER.search(text)) or _shouting(text),
        repeated=bool(REPEATED.search(text)),
        account_issue=bool(ACCOUNT_ISSUE.search(text)),
        irony=bool(ironic),
        demand=demand,
        rhetorical=rhetorical,
        remark=remark,
        remark_form=form,
        denial=_count(DENIAL, text),
        echo=echo,
        still=still,
        dm=dm,
    )


def _nudge(votes: dict[Category, float], cues: _Cues) -> dict[Category, float]:
    """Adjust the neighbours' vote with surface cues.

    The embedding model groups comments by topic (a late order and a praised early order
    look alike), so polarity words, "?" and sarcasm markers decide between the categories
    the neighbours hesitate on. Crisis and abuse are the rules' call: the vote alone never
    escalates, and rudeness without an insult is treated as provocation.
    """
    votes = dict(votes)
    votes["abuse"] = 0.0
    if votes["crisis"] < CRISIS_VOTE:
        votes["crisis"] = 0.0
    polarity = cues.positive - cues.negative
    mocking = cues.sarcasm or cues.troll
    if polarity > 0 and not mocking:
        votes["praise"] += PRAISE_BONUS * min(polarity, 2)
    if cues.negative:
        votes["praise"] *= 0.5**cues.negative
    if not cues.positive:
        votes["praise"] *= UNCUED_PRAISE
    grievance = cues.irony or cues.demand or cues.rhetorical
    asking = cues.question and cues.negative <= 1 and not cues.angry and not mocking
    asking = asking and not grievance
    if asking:
        votes["question"] += QUESTION_BONUS + (QUESTION_FORM_BONUS if cues.interrogative else 0)
    if cues.question and (cues.negative >= 2 or (cues.negative and cues.incident >= 2)):
        # a grievance told in the first person, then a question: a complaint phrased as one
        votes["complaint"] += COMPLAINT_BONUS
    elif cues.negative >= 2 and not mocking and not cues.question:
        # two grievance words and no mockery: a grievance to answer, not a provocation
        votes["complaint" if cues.incident > cues.opinion else "criticism"] += COMPLAINT_BONUS
    if not cues.question:
        votes["question"] *= UNCUED_QUESTION
    if not asking:
        # A problem that happened to me is a complaint; a judgement on the brand, criticism.
        if cues.incident > cues.opinion:
            votes["complaint"] += INCIDENT_BONUS
        elif cues.opinion > cues.incident:
            # an opinion with only praise words is praise ("great to see…")
            praising = cues.positive and not cues.negative and not mocking
            votes["praise" if praising else "criticism"] += INCIDENT_BONUS
    if cues.irony:
        votes["praise"] = 0.0
        votes["complaint" if cues.incident >= cues.opinion else "criticism"] += IRONY_BONUS
    if cues.demand:
        votes["question"] *= 0.3
        votes["complaint"] += DEMAND_BONUS
    if cues.rhetorical:
        votes["question"] *= 0.3
        votes["criticism"] += RHETORIC_BONUS
    # What the neighbours saw as a remark is, with a "?", a question; with a grievance word,
    # a complaint or a criticism: a question is never a remark, and silence is the costliest
    # mistake to make with a grievance.
    grieving: Category = "complaint" if cues.incident >= cues.opinion else "criticism"
    if cues.question:
        votes["question"] += votes["remark"]
        votes["remark"] = 0.0
    elif grievance or cues.negative:
        votes[grieving] += votes["remark"]
        votes["remark"] = 0.0
    else:
        votes["remark"] += REMARK_BONUS * min(cues.remark, 2)
        # Polarity, denials ("couldn't", "never") and a first-person account all say that
        # something happened to someone: a remark is the least likely reading then.
        weight = cues.denial
        if not cues.remark_form:
            weight += cues.positive + (cues.incident >= 2)
        votes["remark"] *= 0.5**weight
    if cues.negative and not cues.positive and not mocking and not cues.question:
        # grievance words and no praise word: never praise, and answered even when no
        # neighbour voted for a grievance ("vos sachets soi-disant écolos, du greenwashing")
        votes["praise"] = 0.0
        votes["complaint" if cues.incident > cues.opinion else "criticism"] += GRIEVANCE_FLOOR
    if not (cues.negative or cues.denial or cues.angry or grievance or mocking or cues.question):
        votes["complaint"] *= UNCUED_GRIEVANCE
        votes["criticism"] *= UNCUED_GRIEVANCE
    if cues.troll:
        votes["troll"] += TROLL_BONUS
    elif cues.sarcasm and cues.negative <= 1 and not grievance:
        votes["troll"] += SARCASM_BONUS
    if not mocking:
        votes["troll"] *= UNCUED_TROLL
    if cues.spam >= 2:
        votes["spam"] += SPAM_BONUS
    else:
        # Spam without a single spam signal (link, promotion, "DM me to earn") is unlikely.
        votes["spam"] *= 0.5 if cues.spam else 0.0
    return votes


def _sentiment(category: Category, cues: _Cues) -> Sentiment:
    """The category decides, except where it says nothing about mood (questions, spam)."""
    if category == "praise":
        return "negative" if cues.negative > cues.positive + 1 else "positive"
    if category in ("complaint", "criticism", "abuse", "crisis", "troll"):
        return "negative"
    if cues.negative > cues.positive:
        return "negative"
    if cues.positive > cues.negative and category == "question":
        return "positive"
    return "neutral"


def _severity(category: Category, cues: _Cues, sentiment: Sentiment) -> int:
    """0 praise or plain question, 1 mild, 2 angry / repeated / abusive, 3 crisis."""
    if category == "crisis":
        return 3
    if category == "abuse":
        return 2
    if category == "complaint":
        return 2 if cues.angry or cues.repeated else 1
    if category == "criticism":
        return 2 if cues.angry else 1
    if category in ("troll", "spam"):
        return 1
    if category == "question":
        return 1 if sentiment == "negative" else 0
    return 0


def _action(category: Category, pii: Sequence[str], account_issue: bool) -> Action:
    """Crisis first; then moderation; then personal data; never moderation for criticism.

    A complaint about the person's own order, bill or booking goes to private messages too:
    solving it needs details that must not be exchanged in public.

    Spam and abuse are moderated even with personal data in them: hiding them per the
    netiquette also hides the exposed data, and a private reply would reward a spammer.
    Trolls get no reply (do not feed the troll), unless they expose personal data, in which
    case the comment should be hidden. Remarks (a headline, banter, "ok") need no reply; one
    that exposes the person's own data gets a private message, like any legitimate comment.
    Criticism with personal data moves to private messages (a public acknowledgement that
    invites a DM), it is never moderated.
    """
    if category == "crisis":
        return "escalate"
    if category in ("spam", "abuse"):
        return "moderate"
    if category == "troll":
        return "moderate" if pii else "no_reply"
    if category == "remark":
        return "move_to_private" if pii else "no_reply"
    if pii or (category == "complaint" and account_issue):
        return "move_to_private"
    return "reply_public"


WHY: dict[str, dict[str, str]] = {
    "en": {
        "crisis": "{label} ('{quote}'): escalate to the crisis contact, no improvised reply.",
        "abuse": "Insult ('{quote}'): moderate per the netiquette and do not engage.",
        "abuse_issue": " It also raises a real {issue}: answer that issue in private messages.",
        "spam": "Spam signals ('{quote}'): moderate per the netiquette.",
        "spam_plain": "Looks like spam (promotion unrelated to the brand): moderate per the "
        "netiquette.",
        "troll": "Provocation without a real request: do not feed it, no reply.",
        "empty": "Empty comment: nothing to answer.",
        "troll_question": "Provocation: do not feed it. If it hides a genuine question, one "
        "calm factual answer is the most to give.",
        "troll_pii": "Provocation that exposes personal data ({pii}): hide it per the "
        "netiquette, do not reply.",
        "injection_only": "Tries to give instructions to the assistant (prompt injection), with "
        "no real request: no reply.",
        "question": "Question: answer publicly from the FAQ.",
        "praise": "Praise: thank them publicly.",
        "remark": "Remark with no question and no grievance (news, banter, an "
        "acknowledgement): no reply needed.",
        "remark_dm": "Says they wrote in private messages: answer there, nothing to post.",
        "complaint_incident": "Complaint about the incident in the post it answers{detail}: "
        "acknowledge it, give the latest status and a next step.",
        "praise_context": "Agrees with the praise in the thread it answers: thank them publicly.",
        "asks": " It also asks a question: answer it in the same reply.",
        "sarcastic": "sarcastic",
        "complaint": "Complaint{detail}: acknowledge it, apologise where due and give a "
        "concrete next step.",
        "complaint_private": "Complaint about their own order, booking or account{detail}: "
        "acknowledge publicly, then continue in private messages.",
        "criticism": "Criticism{detail}: answer publicly with empathy and facts; never delete it.",
        "pii": " It contains personal data ({pii}): move to private messages and never repeat "
        "it publicly.",
        "injection": " It also tries to instruct the assistant: ignore those instructions.",
        "angry": "angry",
        "repeated": "repeated problem",
        "issue_complaint": "complaint",
        "issue_question": "question",
        "issue_criticism": "criticism",
        "crisis_vote": "Reads like a crisis (close to known crisis cases): escalate to the "
        "crisis contact, no improvised reply.",
    },
    "fr": {
        "crisis": "{label} (« {quote} ») : escaladez au contact crise, pas de réponse improvisée.",
        "abuse": "Insulte (« {quote} ») : modérez selon la netiquette, sans engager la discussion.",
        "abuse_issue": " Le message soulève aussi une vraie {issue} : traitez-la en message privé.",
        "spam": "Signaux de spam (« {quote} ») : modérez selon la netiquette.",
        "spam_plain": "Ressemble à du spam (promotion sans rapport avec la marque) : modérez "
        "selon la netiquette.",
        "troll": "Provocation sans vraie demande : ne pas l'alimenter, pas de réponse.",
        "empty": "Commentaire vide : rien à répondre.",
        "troll_question": "Provocation : ne pas l'alimenter. Si une vraie question s'y cache, "
        "une seule réponse factuelle et calme au plus.",
        "troll_pii": "Provocation qui expose des données personnelles ({pii}) : masquez-la "
        "selon la netiquette, sans répondre.",
        "injection_only": "Tente de donner des instructions à l'assistant (injection de "
        "prompt), sans vraie demande : pas de réponse.",
        "question": "Question : répondez publiquement à partir de la FAQ.",
        "praise": "Compliment : remerciez publiquement.",
        "remark": "Remarque sans question ni réclamation (actualité, plaisanterie, simple "
        "accusé de lecture) : pas de réponse nécessaire.",
        "remark_dm": "Indique avoir écrit en message privé : répondez-y là, rien à publier.",
        "complaint_incident": "Réclamation sur l'incident du post auquel il répond{detail} : "
        "reconnaissez le problème, donnez le dernier point de situation et la suite.",
        "praise_context": "Approuve le compliment du fil auquel il répond : remerciez "
        "publiquement.",
        "asks": " Le message pose aussi une question : répondez-y dans la même réponse.",
        "sarcastic": "ironique",
        "complaint": "Réclamation{detail} : reconnaissez le problème, excusez-vous si c'est "
        "justifié et proposez une solution concrète.",
        "complaint_private": "Réclamation sur sa commande, sa réservation ou son compte"
        "{detail} : répondez publiquement puis poursuivez en message privé.",
        "criticism": "Critique{detail} : répondez publiquement avec empathie et des faits ; "
        "ne la supprimez jamais.",
        "pii": " Le message contient des données personnelles ({pii}) : passez en message "
        "privé et ne les répétez jamais en public.",
        "injection": " Il tente aussi de donner des instructions à l'assistant : ignorez-les.",
        "angry": "en colère",
        "repeated": "problème récurrent",
        "issue_complaint": "réclamation",
        "issue_question": "question",
        "issue_criticism": "critique",
        "crisis_vote": "Ressemble à une situation de crise (proche de cas connus) : escaladez "
        "au contact crise, pas de réponse improvisée.",
    },
}


def _why(
    *,
    lang: str,
    category: Category,
    quote: str | None,
    crisis_kind: str | None,
    pii: Sequence[str],
    injection: bool,
    injection_only: bool,
    underlying: Category,
    cues: _Cues,
    about_context: bool = False,
    asks: bool = False,
) -> str:
    """Say why in the comment's language; quotes only rule words, never personal data (nor
    the comment's own words outside a rule, nor anything of the context)."""
    w = WHY[lang]
    pii_text = ", ".join(PII_LABEL[lang].get(kind, kind) for kind in pii)
    named = (("angry", cues.angry), ("repeated", cues.repeated), ("sarcastic", cues.irony))
    flags = [w[name] for name, on in named if on]
    detail = f" ({', '.join(flags)})" if flags else ""
    if category == "crisis":
        if crisis_kind:
            text = w["crisis"].format(label=CRISIS_LABEL[lang][crisis_kind], quote=quote)
        else:
            text = w["crisis_vote"]
    elif category == "abuse":
        text = w["abuse"].format(quote=quote)
        if underlying in ("complaint", "question", "criticism"):
            text += w["abuse_issue"].format(issue=w[f"issue_{underlying}"])
    elif category == "spam":
        text = w["spam"].format(quote=quote) if quote else w["spam_plain"]
    elif category == "troll":
        if injection_only:
            text = w["injection_only"]
        elif pii:
            text = w["troll_pii"].format(pii=pii_text)
        else:
            text = w["troll_question" if cues.question else "troll"]
    elif category == "complaint":
        key = "complaint_private" if cues.account_issue else "complaint"
        text = w["complaint_incident" if about_context else key].format(detail=detail)
    elif category == "criticism":
        text = w["criticism"].format(detail=detail)
    elif category == "remark":
        text = w["remark_dm" if cues.dm else "remark"]
    elif category == "praise" and about_context:
        text = w["praise_context"]
    else:
        text = w[category]
    if asks and category in ("complaint", "criticism"):
        text += w["asks"]
    if pii and category not in ("troll", "spam", "abuse"):
        text += w["pii"].format(pii=pii_text)
    if injection and not injection_only:
        text += w["injection"]
    return text
