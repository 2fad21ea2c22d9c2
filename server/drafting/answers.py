"""What the knowledge base answers to a comment, question by question: for each question (and
for the comment as a whole, which holds a complaint's grievance), the FAQ entry that answers
it, in the reply's language, and the sentences of that answer that fit the question best.

These sentences are carried into a reply as the brand wrote them. A wrong fact is worse than
none, so an entry is taken only when it is clearly about the question (`ANSWER_MIN`); a
question nothing answers is said to be unanswered, and the reply routes it instead of guessing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import msgspec
import numpy as np

from knowledge.brand import BrandProfile
from knowledge.embedding import Embedder
from knowledge.retrieval import Hit, Retriever
from knowledge.text import fold
from server.drafting.asks import asks

ANSWER_MIN = 0.6
"""The score (below) under which an entry answers something else: where, on the demo brand's
FAQ in both languages, paraphrased questions stay above and neighbouring topics fall below.
A wrong fact is worse than none: a comment without an answer is routed, not guessed."""
WORD_WEIGHT = 0.2
"""An entry's score: the mean cosine of the question (with its comment) to the entry's
question and to the whole entry, plus this much of the question's informative words (IDF)
that the entry uses. all-MiniLM-L6-v2 is an English model: on French it finds everything
alike, and the words ("Suisse", "déca", "résilier") are what tell the entries apart."""
CONTEXT_WEIGHT = 0.35
"""How much the post being answered moves the search: enough for "still down?" under an
outage post to find the outage, not so much that every comment finds the post's topic."""
CANDIDATES = 6
WORD_BONUS = 0.1
SAME_QUESTION = 0.7
"""Cosine of a question to a FAQ entry's own question above which the entry's "Yes:" or
"Non," answers it too; below, that word answered another question and is left out."""
VERDICT = re.compile(
    r"^(?:(?:yes|no|oui|non)\s*[,:;!.]"
    # a short verdict clause ("Not for now:", "Pas pour le moment :", "Of course,")
    r"|(?:not|pas|of\s+course|bien\s+sûr|absolutely|certainly|tout\s+à\s+fait)(?:\s+[\w']+){0,3}"
    r"\s*[:;])\s*",
    re.IGNORECASE,
)
STOP = {
    "what",
    "when",
    "where",
    "which",
    "does",
    "have",
    "your",
    "with",
    "from",
    "that",
    "this",
    "there",
    "about",
    "would",
    "could",
    "should",
    "will",
    "pour",
    "avec",
    "dans",
    "vous",
    "votre",
    "vos",
    "nous",
    "notre",
    "est-ce",
    "quand",
    "comment",
    "quel",
    "quelle",
    "sont",
    "mais",
    "plus",
    "tout",
    "tous",
    "faire",
    "peut",
    "pouvez",
    # interrogatives say what kind of answer is wanted (a price, a time), not what about:
    # "combien" must not make the shipping-cost entry the answer to a workshop's price
    "combien",
    "pourquoi",
    "quels",
    "quelles",
    "lequel",
    "laquelle",
    "much",
    "many",
    "long",
    "often",
    "avez",
    "puis",
    "peux",
}
NAMED_MIN = 0.5
"""Below `SAME_QUESTION`, an entry must also use at least this share of what the question
names, counting the words no entry uses at all ("parking", "tickets resto"): the question is
then about something the FAQ does not cover, and an entry that matches only its other words
("café des Capucins") would answer beside the point. Routed, not guessed."""
CROWDED = 0.35
"""Mean cosine between a language's FAQ entries above which the embedding model does not tell
that language's entries apart (all-MiniLM-L6-v2: about 0.26 for the demo brand's English
entries, 0.43 for the same entries in French). Only then must an entry also use what the
question names (`NAMED_MIN`): where the model understands the language, "Can I stop whenever
I want?" finds the cancellation entry without sharing a word with it."""
MAX_ANSWERS = 3
BRIEF_CANDIDATES = 40
BRIEF_COVERAGE_MIN = 0.5
"""A post brief names its subject in words ("Coffret Hiver", "recrutons", "Latte Art"): the
entry a post may quote must use at least this share of the brief's informative words. On
French the embedding finds every entry alike (the cafés' opening hours scored highest for a
recruiting brief), so the words decide and the embedding only vetoes (`BRIEF_SIMILARITY_MIN`)."""
BRIEF_SIMILARITY_MIN = 0.2
BRIEF_WORD_WEIGHT = 1.0
"""Among entries that pass both, the words count as much as the embedding: "Latte Art
workshop" is the workshops entry, not the roastery's, which the embedding put first."""
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý0-9«\"(])")


class Sentence(msgspec.Struct, frozen=True):
    text: str
    similarity: float
    """To the question it answers: the order in which a tight limit drops them."""


class Answer(msgspec.Struct, frozen=True):
    ask: str
    """The question, or the whole comment when it asks nothing."""
    hit: Hit | None
    """The FAQ entry that answers it; None when nothing in the knowledge base does."""
    sentences: list[Sentence] = msgspec.field(default_factory=list)
    """The answer's sentences in their written order."""
    question: bool = True
    """False for the answer to the comment as a whole (it asked nothing answerable)."""


def faq_answer(hit: Hit) -> str:
    """A FAQ entry's answer without its question."""
    answer = hit.metadata.get("answer")
    if isinstance(answer, str) and answer.strip():
        return answer.strip()
    if "\nA: " in hit.excerpt:
        return hit.excerpt.split("\nA: ", 1)[1].strip()
    return hit.excerpt.strip()


def search_texts(comment: str, questions: Sequence[str]) -> list[str]:
    """What each question is searched with: itself, the comment's statements (what it is
    about), and the previous question, which a follow-up leans on ("… and how much is it?",
    "can I stop whenever I want?" after one about the subscription)."""
    statements = " ".join(
        part for part in split_sentences(comment) if not any(q in part for q in questions)
    )
    texts: list[str] = []
    for i, question in enumerate(questions):
        texts.append(
            "\n".join(t for t in (question, questions[i - 1] if i else "", statements) if t)
        )
    return texts


def _related(stem: str, words: Iterable[str]) -> list[str]:
    """The words that are `stem` in a shorter or longer form ("déca", "décaféiné")."""
    return [w for w in words if w.startswith(stem) or stem.startswith(w)]


def _share(
    asked: set[str], entry: set[str], idf: dict[str, float], *, unknown: float | None
) -> float | None:
    """The IDF-weighted share of `asked` that the entry uses; a word no entry uses weighs
    `unknown`, or is left out when that is None. None when nothing weighs anything."""
    weights = {}
    for stem in asked:
        known = [idf[w] for w in _related(stem, idf)]
        if known or unknown is not None:
            weights[stem] = max(known) if known else float(unknown or 0.0)
    total = sum(weights.values())
    shared = sum(weight for stem, weight in weights.items() if _related(stem, entry))
    return shared / total if total else None


def _coverage(asked: set[str], entry: set[str], idf: dict[str, float]) -> float:
    """The share of the question's informative words that the entry uses too. Words no entry
    uses are left out: they tell no entry from another."""
    return _share(asked, entry, idf, unknown=None) or 0.0


PROPER_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-Ý][\w-]+")


def named_stems(question: str) -> set[str]:
    """What a question names, its proper names aside: "Belgique" or "Bordeaux" is an instance
    of what the FAQ covers ("the 27 EU countries", "in France") more often than a subject it
    lacks, while "parking" or "tickets resto" is a subject of its own."""
    proper = {w[:5] for w in (fold(m.group()) for m in PROPER_NAME.finditer(question.strip()))}
    return word_stems(question) - proper


def _already_said(question: str, answers: Sequence[Answer]) -> bool:
    """Whether the best sentence of an answer already found uses every word this question
    names: that sentence answers it too."""
    named = word_stems(question)
    if not named:
        return False
    for answer in answers:
        if not answer.sentences:
            continue
        best = word_stems(max(answer.sentences, key=lambda s: s.similarity).text)
        if all(_related(stem, best) for stem in named):
            return True
    return False


def _named(asked: set[str], entry: set[str], idf: dict[str, float]) -> float:
    """The share of what the question names that the entry uses, a word no entry uses
    counting as much as the rarest one the FAQ has: it is likely what the question is about."""
    share = _share(asked, entry, idf, unknown=max(idf.values(), default=1.0))
    return 1.0 if share is None else share


def without_verdict(sentence: str) -> str:
    """A sentence without its leading "Yes:" or "Non,": that answered the entry's own
    question, maybe not the one asked."""
    rest = VERDICT.sub("", sentence, count=1)
    return rest[:1].upper() + rest[1:] if rest != sentence and rest else sentence


def word_stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"\w+", fold(text)) if len(w) > 3 and w not in STOP}


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE.split(" ".join(text.split())) if part.strip()]


def with_context(vector: Sequence[float], context: Sequence[float] | None) -> list[float]:
    """The comment's embedding moved towards the post it answers."""
    if context is None:
        return list(vector)
    shifted = np.asarray(vector, dtype=np.float32) + CONTEXT_WEIGHT * _unit(
        np.asarray(context, dtype=np.float32)
    )
    return [float(x) for x in _unit(shifted)]


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


class AnswerFinder:
    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever
        self.embedder: Embedder = retriever.embedder
        self._questions: dict[tuple[str, str], np.ndarray] = {}
        self._idf: dict[str, tuple[int, dict[str, float]]] = {}
        self._crowding: dict[tuple[str, str], tuple[int, float]] = {}

    def find(
        self,
        profile: BrandProfile,
        comment: str,
        language: str,
        vector: Sequence[float],
        context: Sequence[float] | None = None,
        *,
        grievance: bool = False,
    ) -> list[Answer]:
        """One answer per distinct question, answered or not; when no question finds an
        answer, the answer to the comment as a whole (or none). `vector` is the comment's
        embedding, `context` that of the post it answers, if any."""
        questions = asks(comment)
        texts = search_texts(comment, questions)
        embedded = self.embedder.embed(texts) if texts else []
        vectors = [_unit(np.asarray(v, dtype=np.float32)) for v in embedded]
        shift: np.ndarray | float = 0.0
        if context is not None:
            shift = CONTEXT_WEIGHT * _unit(np.asarray(context, dtype=np.float32))
        base = _unit(np.asarray(vector, dtype=np.float32) + shift)
        answers: list[Answer] = []
        seen: set[str] = set()
        for i, question in enumerate(questions):
            if answers and _already_said(question, answers):
                continue  # "Does it work online? And does it expire?" both in one sentence
            query = _unit(vectors[i] + shift)
            ranked = self._ranked(profile, texts[i], language, query)
            # a second question on the entry already found ("Do you sell gift cards? How
            # long are they valid?") is answered from that entry's sentences nearest to it;
            # the composition carries a sentence only once
            hit = next((hit for hit in ranked if hit.id not in seen), None)
            if hit is None and ranked:
                hit = ranked[0]
            if hit is not None:
                seen.add(hit.id)
            answers.append(
                Answer(
                    question, hit, self._sentences(hit, query, question, profile.id) if hit else []
                )
            )
        if not any(answer.hit for answer in answers):
            # a complaint asks nothing, or asks only "what is going on?": the comment as a
            # whole says what it is about
            # (what a question names is still required of the whole comment when it only
            # asked; a grievance names its situation in words of its own)
            asking = bool(questions) and not grievance
            ranked = self._ranked(profile, comment, language, base, question=asking)
            hit = next(iter(ranked), None)
            sentences = self._sentences(hit, base, comment, profile.id) if hit else []
            asked = bool(questions) and hit is None
            answers = [Answer(comment, hit, sentences, question=asked)]
        return answers[:MAX_ANSWERS]

    def about(
        self, profile: BrandProfile, brief: str, language: str, vector: Sequence[float]
    ) -> Answer | None:
        """The FAQ entry a post brief is about, in `language`, with its sentences scored
        against the brief; None when no entry is clearly about it (an incident, a one-off)."""
        query = _unit(np.asarray(vector, dtype=np.float32))
        hits = self.retriever.search(
            profile.id,
            brief,
            BRIEF_CANDIDATES,
            ("faq",),
            language=language,
            vector=[float(x) for x in query],
            diversify=False,
        )
        idf = self._weights(profile.id)
        asked = word_stems(brief)
        best: tuple[float, Hit] | None = None
        for hit in hits:
            closeness = float(self._question_vector(hit) @ query + hit.similarity) / 2
            covered = _coverage(asked, word_stems(hit.excerpt), idf)
            if covered < BRIEF_COVERAGE_MIN or closeness < BRIEF_SIMILARITY_MIN:
                continue
            score = closeness + BRIEF_WORD_WEIGHT * covered
            if best is None or score > best[0]:
                best = (score, hit)
        if best is None:
            return None
        hit = best[1]
        return Answer(brief, hit, self._sentences(hit, query, brief, profile.id), question=False)

    def _ranked(
        self,
        profile: BrandProfile,
        text: str,
        language: str,
        query: np.ndarray,
        *,
        question: bool = True,
    ) -> list[Hit]:
        """The entries that answer `query`, best first: ranked by how close their question and
        their whole entry both are (the entry alone favours long answers that mention
        everything, the question alone misses a complaint that names no question)."""
        hits = self.retriever.search(
            profile.id,
            text,
            CANDIDATES,
            ("faq",),
            language=language,
            vector=[float(x) for x in query],
            diversify=False,
        )
        idf = self._weights(profile.id)
        asked = word_stems(text)
        # a question's own words (not the statements searched with it) say what it names
        named = named_stems(text.split("\n", 1)[0])
        # (a grievance searched as a whole names its situation in many words: not gated)
        crowded = question and self.crowding(profile.id, language) >= CROWDED
        scored = []
        for hit in hits:
            same = float(self._question_vector(hit) @ query)
            entry = word_stems(hit.excerpt)
            score = (same + hit.similarity) / 2 + WORD_WEIGHT * _coverage(asked, entry, idf)
            if score < ANSWER_MIN:
                continue
            if crowded and same < SAME_QUESTION and _named(named, entry, idf) < NAMED_MIN:
                continue
            scored.append((score, hit))
        scored.sort(key=lambda pair: -pair[0])
        return [hit for _, hit in scored]

    def names_enough(self, profile: BrandProfile, language: str, comment: str, text: str) -> bool:
        """Whether `text` (an approved reply, say) uses what the comment's questions name,
        where the embedding model does not tell the language's entries apart: an approved
        reply on the Croix-Rousse café's Monday hours is no answer to its power sockets."""
        questions = asks(comment)
        if not questions or self.crowding(profile.id, language) < CROWDED:
            return True
        named = set().union(*(named_stems(question) for question in questions))
        return _named(named, word_stems(text), self._weights(profile.id)) >= NAMED_MIN

    def crowding(self, brand_id: str, language: str) -> float:
        """How alike the embedding model finds the brand's FAQ entries in `language` (mean
        pairwise cosine): high where the model does not understand the language."""
        generation = self.retriever.index.generation(brand_id, "faq")
        cached = self._crowding.get((brand_id, language))
        if cached is None or cached[0] != generation:
            vectors = [
                chunk.embedding
                for chunk in self.retriever.index.get(brand_id, "faq")
                if chunk.metadata.get("language") == language
            ]
            value = 0.0
            if len(vectors) >= 2:
                matrix = np.asarray(vectors, dtype=np.float32)
                matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
                n = len(matrix)
                value = float(((matrix @ matrix.T).sum() - n) / (n * (n - 1)))
            cached = (generation, value)
            self._crowding[(brand_id, language)] = cached
        return cached[1]

    def _weights(self, brand_id: str) -> dict[str, float]:
        """Inverse document frequency of each word stem over the brand's FAQ: "coffee" on a
        coffee brand's page says nothing, "Switzerland" says which entry."""
        generation = self.retriever.index.generation(brand_id, "faq")
        cached = self._idf.get(brand_id)
        if cached is None or cached[0] != generation:
            _, documents = self.retriever.index.documents(brand_id, "faq")
            counts: dict[str, int] = {}
            for document in documents:
                for stem in word_stems(document):
                    counts[stem] = counts.get(stem, 0) + 1
            total = len(documents) + 1
            cached = (generation, {stem: math.log(total / n) for stem, n in counts.items()})
            self._idf[brand_id] = cached
        return cached[1]

    def _question_vector(self, hit: Hit) -> np.ndarray:
        question = str(hit.metadata.get("question", "")) or hit.excerpt
        key = (hit.id, question)
        if key not in self._questions:
            self._questions[key] = _unit(
                np.asarray(self.embedder.embed_one(question), dtype=np.float32)
            )
        return self._questions[key]

    def _sentences(self, hit: Hit, query: np.ndarray, ask: str, brand_id: str) -> list[Sentence]:
        """The answer's sentences, each scored by its closeness to the question plus the
        question's own words it repeats ("in English?" and "one session in English"), the
        entry's topic words aside: the small embedding model alone misses those."""
        parts = split_sentences(faq_answer(hit))
        if not parts:
            return []
        specific = word_stems(ask) - word_stems(str(hit.metadata.get("question", "")))
        idf = self._weights(brand_id) if specific else {}
        # "Not for now:" answers the entry's own question; a question that names something
        # the entry's question does not ("Belgium" for "outside the EU?") may want the
        # opposite verdict, however close the embedding finds the two
        if specific or float(self._question_vector(hit) @ query) < SAME_QUESTION:
            parts = [without_verdict(part) for part in parts]
        matrix = np.asarray(self.embedder.embed(parts), dtype=np.float32)
        scores = matrix @ query
        return [
            Sentence(part, round(float(score) + WORD_BONUS * _specific(specific, part, idf), 4))
            for part, score in zip(parts, scores, strict=True)
        ]


def _specific(specific: set[str], sentence: str, idf: dict[str, float]) -> float:
    """How much of what the question names beyond the entry's own question the sentence
    says, rarer words counting more: "in English?" is the session in English, not every
    sentence naming a barista. Up to 2, like two plain words."""
    shared = specific & word_stems(sentence)
    if not shared:
        return 0.0
    if not idf:
        return float(min(2, len(shared)))
    top = max((idf.get(stem, 0.0) for stem in specific), default=0.0) or 1.0
    return min(2.0, sum(max(idf.get(stem, 0.0), 0.25 * top) for stem in shared) / top)
