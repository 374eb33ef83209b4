"""The nbgitpuller link: right shape for nbgitpuller, and malformed hub URLs named."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from virtlab.course import hub_link, load_manifest


def test_link_opens_start_here_in_jupyterlab() -> None:
    manifest = load_manifest()
    link = hub_link("https://hub.example.edu/", manifest)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "hub.example.edu",
        "/hub/user-redirect/git-pull",
    )
    query = parse_qs(parts.query)
    assert query["repo"] == [manifest.repository]
    assert query["branch"] == [manifest.branch]
    assert query["urlpath"] == ["lab/tree/virtlab/notebooks/00-start-here.ipynb"]


def test_a_fork_and_a_hub_under_a_path_prefix() -> None:
    link = hub_link(
        "https://uni.example.edu/jupyter",
        load_manifest(),
        repository="https://git.example.edu/os-class/course.git",
        branch="fall",
    )
    query = parse_qs(urlsplit(link).query)
    assert link.startswith("https://uni.example.edu/jupyter/hub/user-redirect/git-pull?")
    assert query["urlpath"] == ["lab/tree/course/notebooks/00-start-here.ipynb"]
    # nbgitpuller would clone ".../course.git" into "course.git": the link names the folder
    assert query["targetpath"] == ["course"]
    assert query["branch"] == ["fall"]


@pytest.mark.parametrize(
    ("hub", "message"),
    [
        ("hub.example.edu", "hub URL must look like https://"),  # no scheme
        ("ftp://hub.example.edu", "hub URL must look like https://"),  # not http(s)
        ("https://", "hub URL must look like https://"),  # no host
        ("https://hub.example.edu:80x", "hub URL has a malformed port"),
        ("https://hub.example.edu/?next=/", "must not carry a query or fragment"),
    ],
)
def test_a_malformed_hub_url_is_named(hub: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        hub_link(hub, load_manifest())


def test_a_repository_on_the_hubs_own_machine() -> None:
    link = hub_link(
        "https://hub.example.edu", load_manifest(), repository="file:///srv/course/virtlab"
    )
    query = parse_qs(urlsplit(link).query)
    assert query["repo"] == ["file:///srv/course/virtlab"] and query["targetpath"] == ["virtlab"]
    with pytest.raises(ValueError, match="file:///absolute/path"):
        hub_link("https://hub.example.edu", load_manifest(), repository="file://srv/course")
