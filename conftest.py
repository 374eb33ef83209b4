"""pytest configuration shared by unit tests, doctests and nbval notebook checks."""

# Notebooks under tests/fixtures are inputs for runner tests (one raises on purpose);
# nbval must not collect them.
collect_ignore_glob = ["tests/fixtures/*", "build/*", ".venv/*"]


def pytest_collectstart(collector):  # type: ignore[no-untyped-def]
    """Let nbval ignore stderr, which carries kernel warnings that vary by version."""
    if str(getattr(collector, "path", "")).endswith(".ipynb"):
        collector.skip_compare += ("stderr",)
