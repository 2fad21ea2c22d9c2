import stat
from pathlib import Path

from server.security import load_or_create_token, token_matches, token_path


def test_token_is_created_once_with_owner_only_permissions(tmp_path: Path) -> None:
    first = load_or_create_token(tmp_path)
    assert len(first) >= 40
    assert load_or_create_token(tmp_path) == first
    mode = stat.S_IMODE(token_path(tmp_path).stat().st_mode)
    assert mode == 0o600


def test_environment_token_overrides_the_stored_one(tmp_path: Path) -> None:
    load_or_create_token(tmp_path)
    assert load_or_create_token(tmp_path, "from-env") == "from-env"


def test_only_the_exact_bearer_token_matches() -> None:
    assert token_matches("s3cret", "Bearer s3cret")
    assert token_matches("s3cret", "bearer s3cret")
    assert not token_matches("s3cret", "Bearer s3cre")
    assert not token_matches("s3cret", "Basic s3cret")
    assert not token_matches("s3cret", None)
