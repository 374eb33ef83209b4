"""The link an instructor hands out: open the course on a JupyterHub with nbgitpuller.

Clicking it logs the student in, clones (or updates) the course repository into
their home folder with nbgitpuller, and opens ``00-start-here`` in JupyterLab, in
the edition the instructor chose (``lang="ko"`` opens ``notebooks/ko/``).
nbgitpuller never overwrites a student's own edits (it keeps their version on
conflicting lines), so fixes reach students through the library, not the notebooks.
"""

from __future__ import annotations

from urllib.parse import SplitResult, urlencode, urlsplit

from virtlab.course._manifest import Manifest

__all__ = ["hub_link"]


def hub_link(
    hub: str,
    manifest: Manifest,
    module_id: str | None = None,
    repository: str | None = None,
    branch: str | None = None,
    lang: str = "en",
) -> str:
    """An nbgitpuller link that opens a module (default: the first) on the hub at ``hub``.

    Args:
        hub: the hub's address, e.g. ``https://hub.example.edu`` (http or https, no query).
        manifest: gives the repository, branch and notebook paths.
        module_id: the module to open.
        repository: the git repository students pull (default: the manifest's); set it
            to your class's fork. A ``file:///absolute/path`` repository serves a hub
            on the same machine (nbgitpuller clones it like any other).
        branch: its branch (default: the manifest's).
        lang: the edition to open, ``"en"`` or ``"ko"``.

    Raises:
        ValueError: ``hub`` or ``repository`` is not an http(s) URL with a host, or
            ``hub`` has a query or fragment, or the course has no ``lang`` edition.

    >>> from virtlab.course import load_manifest
    >>> hub_link("https://hub.example.edu", load_manifest()).split("?")[0]
    'https://hub.example.edu/hub/user-redirect/git-pull'
    >>> link = hub_link("https://hub.example.edu", load_manifest(), lang="ko")
    >>> "notebooks%2Fko%2F00-start-here" in link
    True
    """
    parts = _checked_url("hub", hub)
    if parts.query or parts.fragment:
        raise ValueError(f"hub URL must not carry a query or fragment, got {hub!r}")
    repository = repository or manifest.repository
    if not _is_local_repository(repository):
        _checked_url("repository", repository)
    module = manifest.module(module_id) if module_id else manifest.modules[0]
    folder = repository.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    notebook = module.notebook_in(lang).relative_to(manifest.root).as_posix()
    query = urlencode(
        {
            "repo": repository,
            "branch": branch or manifest.branch,
            # nbgitpuller names the clone after the URL's last part, ".git" included;
            # the folder is named here so that urlpath finds the notebook
            "targetpath": folder,
            "urlpath": f"lab/tree/{folder}/{notebook}",
        }
    )
    base = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
    return f"{base}/hub/user-redirect/git-pull?{query}"


def _is_local_repository(url: str) -> bool:
    """True for ``file:///absolute/path`` (a repository on the hub's own machine)."""
    parts = urlsplit(url.strip())
    if parts.scheme != "file":
        return False
    if parts.netloc or not parts.path.startswith("/"):
        raise ValueError(f"a file repository must look like file:///absolute/path, got {url!r}")
    return True


def _checked_url(what: str, url: str) -> SplitResult:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"{what} URL must look like https://host.example.edu/path (http or https with a "
            f"host), got {url!r}"
        )
    try:
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError as exc:
        raise ValueError(f"{what} URL has a malformed port: {url!r}") from exc
    return parts
