"""Writing and deleting one file of a brand folder without ever following a symbolic link.

A brand folder may be shared (through git, a synced drive): a planted link at the target name,
or a linked `replies/` folder, must not turn an upload into a write elsewhere or a delete into
a removal elsewhere. Every step goes through folder descriptors opened with O_NOFOLLOW, the new
content lands in an exclusive temporary file (O_CREAT | O_EXCL | O_NOFOLLOW, a random name) and
is renamed over the target, which replaces a name and never writes through it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from knowledge.errors import InvalidBrand, UnsafePath

NAME_MAX = 255
"""Bytes in one file or folder name on every filesystem Voix runs on."""
PATH_MAX = 4096
DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def document_parts(document: str, roots: set[str]) -> tuple[str, ...] | None:
    """`faq/old.md` as its names, or None when it cannot name a document of the brand: not
    under a kind folder, `.`/`..`, hidden (sync skips those), a NUL byte, a name over 255
    bytes or a path over PATH_MAX."""
    if "\x00" in document or len(document.encode("utf-8", "surrogateescape")) > PATH_MAX:
        return None
    parts = tuple(document.split("/"))
    if len(parts) < 2 or parts[0] not in roots:
        return None
    for part in parts:
        if (
            not part
            or part.startswith(".")
            or len(part.encode("utf-8", "surrogateescape")) > NAME_MAX
        ):
            return None
    return parts


def write_document(brand_id: str, folder: Path, sub: str, name: str, content: bytes) -> None:
    """Place `content` at `folder/sub/name`, atomically, refusing a link at any step."""
    with contextlib.ExitStack() as stack:
        root = _open_folder(stack, brand_id, None, str(folder), str(folder))
        with contextlib.suppress(FileExistsError):
            os.mkdir(sub, 0o777, dir_fd=root)
        try:
            kind_dir = _open_folder(stack, brand_id, root, sub, sub)
        except NotADirectoryError as exc:
            raise UnsafePath(brand_id, sub, "is a file, not a folder") from exc
        found = _kind_of(kind_dir, name)
        if found == stat.S_IFLNK:
            raise UnsafePath(brand_id, f"{sub}/{name}")
        if found not in (None, stat.S_IFREG):
            raise UnsafePath(brand_id, f"{sub}/{name}", "is a folder or a special file")
        staged = f".upload-{secrets.token_hex(8)}"
        fd = os.open(staged, FILE_FLAGS, 0o666, dir_fd=kind_dir)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(staged, name, src_dir_fd=kind_dir, dst_dir_fd=kind_dir)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(staged, dir_fd=kind_dir)
            raise


def remove_document(brand_id: str, folder: Path, parts: tuple[str, ...]) -> bool:
    """Unlink `folder/parts...`; False when no such regular file exists there."""
    with contextlib.ExitStack() as stack:
        current = _open_folder(stack, brand_id, None, str(folder), str(folder))
        for depth, part in enumerate(parts[:-1], start=1):
            try:
                current = _open_folder(stack, brand_id, current, part, "/".join(parts[:depth]))
            except (FileNotFoundError, NotADirectoryError):
                return False
        found = _kind_of(current, parts[-1])
        if found == stat.S_IFLNK:
            raise UnsafePath(brand_id, "/".join(parts))
        if found != stat.S_IFREG:
            return False
        os.unlink(parts[-1], dir_fd=current)
        return True


def _open_folder(
    stack: contextlib.ExitStack, brand_id: str, parent: int | None, name: str, shown: str
) -> int:
    """The folder `name` (in `parent`), closed with `stack`; a link is refused (O_NOFOLLOW
    answers ELOOP) rather than followed."""
    try:
        fd = os.open(name, DIR_FLAGS, dir_fd=parent)
    except OSError as exc:
        # Linux answers ELOOP, or ENOTDIR when O_DIRECTORY is checked first
        if exc.errno in (errno.ELOOP, errno.ENOTDIR) and _kind_of(parent, name) == stat.S_IFLNK:
            raise UnsafePath(brand_id, shown, "is a symbolic link") from exc
        if parent is None and isinstance(exc, FileNotFoundError | NotADirectoryError):
            raise InvalidBrand(
                f"The folder of brand {brand_id!r}, {name}, is gone; sync the brand from where "
                "its files are now (`voix kb sync PATH`)."
            ) from exc
        raise
    stack.callback(os.close, fd)
    return fd


def _kind_of(folder: int | None, name: str) -> int | None:
    """The file type of `name` in `folder` (the link itself, not what it points to)."""
    try:
        return stat.S_IFMT(os.lstat(name, dir_fd=folder).st_mode)
    except FileNotFoundError:
        return None
