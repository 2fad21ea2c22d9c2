"""The EN/FR words and constructions the triage rules look for, as compiled patterns.

Data, not logic: each table names what it finds (a crisis kind, an insult, a spam signal, a
polarity word, a sarcastic construction...); `server.triage.rules` and `server.triage.cues`
decide what a match means. Curly apostrophes are straightened before matching
(`server.triage.text.normalise`), so one pattern covers both keyboards.
"""

from __future__ import annotations

import re


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
WORD = re.compile(r"\w+")
