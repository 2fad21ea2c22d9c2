"""The heavy, long-lived objects of one Voix process, built once and injected everywhere."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.audit import AuditLog
from knowledge.brand import BrandRegistry
from knowledge.embedding import Embedder
from knowledge.index import KnowledgeIndex, open_index
from knowledge.retrieval import Retriever
from server.brands import BrandService
from server.drafting.post import PostService
from server.drafting.reply import ReplyService
from server.drafting.trend import TrendService
from server.feedback import FeedbackStore
from server.insights import InsightsService
from server.llm import LLMBackend, build_backend
from server.llm.gate import GenerationGate
from server.settings import Settings
from server.triage.triager import Triager


@dataclass
class Services:
    settings: Settings
    registry: BrandRegistry
    index: KnowledgeIndex
    embedder: Embedder
    retriever: Retriever
    llm: LLMBackend
    replies: ReplyService
    posts: PostService
    trends: TrendService
    brands: BrandService
    gate: GenerationGate
    """The bounded line of drafts waiting for the model."""
    feedback: FeedbackStore
    insights: InsightsService
    owns_index: bool = True
    """False when the caller lent the index and will close it itself."""

    @classmethod
    def build(
        cls,
        settings: Settings,
        llm: LLMBackend | None = None,
        index: KnowledgeIndex | None = None,
        embedder: Embedder | None = None,
    ) -> Services:
        """Everything from settings; tests pass a fake `llm` or a shared index and embedder."""
        registry = BrandRegistry(settings.home)
        owns_index = index is None
        owns_llm = llm is None
        index = index or open_index(settings.home, settings.chroma_url, "voix serve")
        try:
            embedder = embedder or Embedder(settings.embedding_model)
            retriever = Retriever(index, embedder)
            llm = llm or build_backend(settings)
        except BaseException:
            if owns_index:
                index.close()
            raise
        posts = PostService(registry, retriever, llm)
        return cls(
            settings=settings,
            registry=registry,
            index=index,
            embedder=embedder,
            retriever=retriever,
            llm=llm,
            replies=ReplyService(registry, retriever, llm, Triager(embedder)),
            posts=posts,
            trends=TrendService(registry, retriever, posts),
            brands=BrandService(
                registry,
                index,
                embedder,
                retriever,
                AuditLog(settings.home),
                settings.max_upload_bytes,
                settings.limits,
            ),
            gate=GenerationGate(settings.draft_concurrency, settings.draft_queue),
            feedback=FeedbackStore(settings.home, registry),
            insights=InsightsService(registry, index),
            owns_index=owns_index,
            owns_llm=owns_llm,
        )

    owns_llm: bool = True
    """False when the caller lent the model (tests share one across apps)."""

    def close(self) -> None:
        if self.owns_llm:
            self.llm.close()
        if self.owns_index:
            self.index.close()
