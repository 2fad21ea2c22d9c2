"""brand.toml is strict: a typo that would switch a policy off is an error naming the key and
the closest known one, and a sync keeps the profile it had."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from knowledge.brand import BrandRegistry, load_profile
from knowledge.chunking import KINDS
from knowledge.embedding import Embedder
from knowledge.errors import InvalidBrand
from knowledge.index import KnowledgeIndex, open_index
from knowledge.sync import sync_brand
from tests.conftest import DEMO_BRAND

GOOD = """id = "acme"
name = "Acme"
[words]
avoid = ["cheap"]
[escalation]
contact = "crisis@acme.example"
[hashtags]
max = 1
"""


def write_profile(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "brand.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ('[word]\navoid = ["cheap"]\n', "`[word]`: did you mean `[words]`?"),
        ('[words]\naviod = ["cheap"]\n', "`words.aviod`: did you mean `words.avoid`?"),
        ('[escalaton]\ncontact = "a@b.c"\n', "`[escalaton]`: did you mean `[escalation]`?"),
        ("[hashtag]\nmax = 0\n", "`[hashtag]`: did you mean `[hashtags]`?"),
        ('[emoji]\npolciy = "none"\n', "`emoji.polciy`: did you mean `emoji.policy`?"),
        ('avoid = ["cheap"]\n', "`avoid`: did you mean `words.avoid`?"),
        ('[columns.faqs]\nquestion = "Q"\n', "`[columns.faqs]`: did you mean `[columns.faq]`?"),
        (
            '[emoji]\npolicy = "never-ever"\n',
            "`emoji.policy` is 'never-ever': it must be one of none, sparingly, freely",
        ),
        ('[emoji]\npolicy = "freley"\n', "did you mean 'freely'?"),
        ("[hashtags]\nmax = -5\n", "`hashtags.max` is -5: expected `int` >= 0"),
        ("[emoji]\nmax_per_post = -1\n", "`emoji.max_per_post` is -1: expected `int` >= 0"),
    ],
)
def test_typos_unknown_choices_and_negative_counts_are_refused_with_a_suggestion(
    tmp_path: Path, toml: str, says: str
) -> None:
    folder = write_profile(tmp_path / "acme", 'id = "acme"\n' + toml)
    with pytest.raises(InvalidBrand) as refused:
        load_profile(folder)
    assert says in str(refused.value)
    assert "brand.toml" in str(refused.value)


def test_every_problem_is_named_at_once(tmp_path: Path) -> None:
    folder = write_profile(
        tmp_path / "acme", 'id = "acme"\n[word]\nuse = []\n[hashtag]\nmax = 0\n[voice]\ntone = 1\n'
    )
    with pytest.raises(InvalidBrand) as refused:
        load_profile(folder)
    message = str(refused.value)
    assert "`[word]`" in message and "`[hashtag]`" in message
    assert "`voice.tone`: unknown key; known: attributes, description, greet_by_name" in message


def test_the_demo_brand_and_a_minimal_profile_still_load(tmp_path: Path) -> None:
    demo = load_profile(DEMO_BRAND)
    assert demo.emoji.policy == "sparingly" and demo.hashtags.max == 2
    assert load_profile(write_profile(tmp_path / "acme", 'name = "Acme"\n')).id == "acme"
    columns = '[columns.post]\ntext = "Message"\nplatform = "Network"\n'
    assert load_profile(write_profile(tmp_path / "b", columns)).columns["post"]["text"]


@pytest.fixture
def index(tmp_path: Path) -> Iterator[KnowledgeIndex]:
    opened = open_index(tmp_path / "home")
    yield opened
    opened.close()


def test_a_sync_refuses_a_bad_profile_and_keeps_the_previous_one(
    tmp_path: Path, index: KnowledgeIndex, embedder: Embedder
) -> None:
    folder = write_profile(tmp_path / "acme", GOOD)
    (folder / "faq").mkdir()
    (folder / "faq" / "faq.csv").write_text("question,answer\nOpen on Sunday?,No.\n")
    registry = BrandRegistry(tmp_path / "home")
    sync_brand(folder, index, embedder, registry)
    before = registry.get("acme")
    counts = {kind: index.count("acme", kind) for kind in KINDS}

    write_profile(folder, GOOD.replace("[words]", "[word]").replace("max = 1", "max = -5"))
    (folder / "faq" / "more.csv").write_text("question,answer\nOpen on Monday?,Yes.\n")
    with pytest.raises(InvalidBrand, match=r"`\[word\]`: did you mean `\[words\]`"):
        sync_brand(folder, index, embedder, registry)
    after = registry.get("acme")
    assert after == before
    assert after.profile.words.avoid == ["cheap"]
    assert after.profile.escalation.contact == "crisis@acme.example"
    assert {kind: index.count("acme", kind) for kind in KINDS} == counts


def test_a_profile_registered_before_the_rules_is_a_clear_error_not_a_crash(
    tmp_path: Path,
) -> None:
    registry = BrandRegistry(tmp_path / "home")
    registry.root.mkdir(parents=True)
    old = load_profile(write_profile(tmp_path / "acme", GOOD))
    raw = msgspec.to_builtins(msgspec.structs.replace(old))
    raw["emoji"]["policy"] = "never-ever"
    entry = {"profile": raw, "folder": str(tmp_path / "acme")}
    (registry.root / "acme.json").write_bytes(msgspec.json.encode(entry))
    with pytest.raises(InvalidBrand, match="no longer accepts"):
        registry.get("acme")
    assert registry.folder("acme") == str(tmp_path / "acme")


@pytest.mark.parametrize(
    "folder",
    ["x" * 5000, "/tmp/a\x00b", "/tmp/" + "é" * 200],
    ids=["path over PATH_MAX", "NUL byte", "name over 255 bytes"],
)
def test_impossible_folders_are_invalid_brands_not_os_errors(folder: str) -> None:
    with pytest.raises(InvalidBrand):
        load_profile(Path(folder))
