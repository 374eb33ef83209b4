"""The ``virtlab`` command: run the course, build its site, refresh stored outputs.

Each subcommand is a thin wrapper over ``virtlab.course``; errors print one line
and exit non-zero.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _manifest(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from virtlab.course import load_manifest

    return load_manifest(args.manifest)


def _select(manifest, wanted: Sequence[str]):  # type: ignore[no-untyped-def]
    return [manifest.module(w) for w in wanted] if wanted else list(manifest)


def _editions(manifest, lang: str) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """The languages ``--lang`` names: ``all`` for every edition, else one of them."""
    if lang == "all":
        return tuple(manifest.languages)
    if lang not in manifest.languages:
        raise ValueError(
            f"no {lang!r} edition; --lang takes all or one of {', '.join(manifest.languages)}"
        )
    return (lang,)


def _cmd_run(args: argparse.Namespace) -> int:
    from virtlab.course import format_table, plan_parameters, run_notebooks

    manifest = _manifest(args)
    modules = _select(manifest, args.modules)
    languages = _editions(manifest, args.lang)
    plan = plan_parameters(modules, dict(args.parameter or []))
    output = Path(args.output)
    count = len(modules) * len(languages)
    print(
        f"executing {count} notebook(s) ({', '.join(languages)}) into {output}/ "
        f"with {args.jobs} worker(s)"
    )

    def progress(result, done: int, total: int) -> None:  # type: ignore[no-untyped-def]
        print(
            f"[{done}/{total}] {result.label}: {result.status} ({result.seconds:.1f} s)",
            flush=True,
        )

    results = run_notebooks(
        modules,
        output,
        plan,
        jobs=args.jobs,
        cell_timeout_s=args.cell_timeout,
        notebook_timeout_s=args.notebook_timeout,
        on_done=progress,
        languages=languages,
    )
    print(format_table(results))
    failed = [r for r in results if not r.is_ok]
    for r in failed:
        print(f"FAILED {r.describe_failure()}", file=sys.stderr)
    return 1 if failed else 0


def _cmd_site(args: argparse.Namespace) -> int:
    from virtlab.course import build_site

    pages = build_site(_manifest(args), Path(args.executed), Path(args.output), args.hub)
    for page in pages:
        print(f"{page.path} ({page.figures} figures)")
    print(f"{Path(args.output) / 'index.html'}")
    return 0


def _cmd_refresh(args: argparse.Namespace) -> int:
    from virtlab.course import refresh_notebook

    manifest = _manifest(args)
    for m in _select(manifest, args.modules):
        for lang in _editions(manifest, args.lang):
            refresh_notebook(m.notebook_in(lang), cell_timeout_s=args.cell_timeout)
            print(f"refreshed {m.notebook_in(lang)}")
    return 0


def _cmd_hub_link(args: argparse.Namespace) -> int:
    from virtlab.course import hub_link

    manifest = _manifest(args)
    if args.lang == "all":
        raise ValueError(f"a link opens one edition: --lang {' or '.join(manifest.languages)}")
    [lang] = _editions(manifest, args.lang)
    print(hub_link(args.hub, manifest, args.module, args.repo, args.branch, lang))
    return 0


def _cmd_guide(args: argparse.Namespace) -> int:
    from virtlab.course import write_guides

    for path in write_guides(_manifest(args)):
        print(f"wrote {path}")
    return 0


def _cmd_modules(args: argparse.Namespace) -> int:
    from virtlab.i18n import language, tr, using

    manifest = _manifest(args)
    with using(args.lang or language()):
        for m in manifest:
            print(tr("course.modules.line", id=m.id, minutes=m.minutes, title=m.title()))
        print(tr("course.modules.total", count=len(manifest), minutes=manifest.total_minutes))
    return 0


def _cmd_grading(args: argparse.Namespace) -> int:
    from virtlab.exercises import write_course

    manifest = _manifest(args)
    languages = _editions(manifest, args.lang)
    for lang in languages:
        folder = Path(args.folder) / lang if len(languages) > 1 else Path(args.folder)
        titles = {m.id: m.title(lang) for m in manifest}
        print(f"wrote {write_course(folder, lang, titles)} (nbgrader course virtlab-{lang})")
    return 0


def _cmd_editions(args: argparse.Namespace) -> int:
    from virtlab.course import parity_problems, stamp_cells, sync_edition

    manifest = _manifest(args)
    languages = [lang for lang in _editions(manifest, args.lang) if lang != "en"]
    modules = _select(manifest, args.modules[:1] if args.action == "stamp" else args.modules)
    problems = []
    for m in modules:
        for lang in languages:
            english, edition = m.notebook_in("en"), m.notebook_in(lang)
            if args.action == "sync":
                report = sync_edition(english, edition, lang)
                print(
                    f"{lang}/{m.id}: {len(report.code_updated)} code cell(s) copied, "
                    f"{len(report.added)} markdown cell(s) to translate, "
                    f"{len(report.removed)} removed"
                )
            elif args.action == "stamp":
                stamped = stamp_cells(english, edition, args.modules[1:])
                print(f"{lang}/{m.id}: stamped {', '.join(stamped)}")
            else:
                problems += parity_problems(english, edition, lang)
    for problem in problems:
        print(problem)
    if args.action == "check":
        print(f"{len(problems)} problem(s) in {len(modules) * len(languages)} notebook(s)")
    return 1 if problems else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="virtlab",
        description="A Jupyter course on bare metal, hypervisors and containers.",
    )
    parser.add_argument(
        "--manifest", default=None, help="course manifest (default: course/course.toml)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="execute the course's notebooks with papermill")
    run.add_argument("modules", nargs="*", help="module ids (default: all, in order)")
    run.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="pass a parameter to the notebooks that declare it (typed as they declare it)",
    )
    run.add_argument("-j", "--jobs", type=int, default=2, help="worker processes (default 2)")
    run.add_argument("--lang", default="all", help="edition to run: en, ko or all (default: all)")
    run.add_argument("-o", "--output", default="build/executed", help="folder for executed copies")
    run.add_argument("--cell-timeout", type=int, default=120, help="seconds one cell may take")
    run.add_argument(
        "--notebook-timeout", type=int, default=900, help="seconds one notebook may take"
    )
    run.set_defaults(func=_cmd_run)

    site = sub.add_parser("site", help="build the static HTML site from executed notebooks")
    site.add_argument("--executed", default="build/executed", help="executed notebooks folder")
    site.add_argument("-o", "--output", default="build/site", help="site folder")
    site.add_argument(
        "--hub", default=None, help="JupyterHub the pages' launch links open (default: manifest)"
    )
    site.set_defaults(func=_cmd_site)

    refresh = sub.add_parser("refresh", help="re-execute notebooks and store their outputs")
    refresh.add_argument("modules", nargs="*", help="module ids (default: all)")
    refresh.add_argument(
        "--lang", default="all", help="edition to refresh: en, ko or all (default: all)"
    )
    refresh.add_argument("--cell-timeout", type=int, default=120, help="seconds one cell may take")
    refresh.set_defaults(func=_cmd_refresh)

    link = sub.add_parser("hub-link", help="print the nbgitpuller link that opens the course")
    link.add_argument(
        "--hub", required=True, help="the hub's address, e.g. https://hub.example.edu"
    )
    link.add_argument("--module", default=None, help="module to open (default: the first)")
    link.add_argument("--repo", default=None, help="git repository to pull (default: manifest)")
    link.add_argument("--branch", default=None, help="its branch (default: manifest)")
    link.add_argument("--lang", default="en", help="edition to open: en or ko (default: en)")
    link.set_defaults(func=_cmd_hub_link)

    # `where` parses its own options (virtlab.probe.main_where); listed here for --help
    sub.add_parser("where", help="where is this running: hypervisor and container, with evidence")

    guide = sub.add_parser(
        "guide", help="write the syllabus and the instructor guide's timing and answer key"
    )
    guide.set_defaults(func=_cmd_guide)

    modules = sub.add_parser("modules", help="list the course's modules")
    modules.add_argument(
        "--lang", default=None, help="language of the list: en or ko (default: VIRTLAB_LANG or en)"
    )
    modules.set_defaults(func=_cmd_modules)

    editions = sub.add_parser(
        "editions",
        help="keep the Korean edition in step with English: check, sync code cells, stamp cells",
        description="check: list every difference between editions (exit 1 if any). "
        "sync: copy code cells from English and add new English cells to translate. "
        "stamp MODULE CELL...: mark markdown cells as translations of English's current text.",
    )
    editions.add_argument("action", choices=("check", "sync", "stamp"))
    editions.add_argument(
        "modules", nargs="*", help="module ids (default: all); for stamp: MODULE CELL_ID..."
    )
    editions.add_argument(
        "--lang", default="all", help="edition to compare with English (default: all)"
    )
    editions.set_defaults(func=_cmd_editions)

    grading = sub.add_parser(
        "grading",
        help="write an nbgrader course folder with the graded exercises (docs/grading.md)",
        description="init FOLDER: write nbgrader_config.py and source/<module>/ notebooks "
        "for the graded exercises, one folder per edition (FOLDER/en, FOLDER/ko) "
        "unless --lang names one.",
    )
    grading.add_argument("action", choices=("init",))
    grading.add_argument("folder", help="the nbgrader course folder to write")
    grading.add_argument("--lang", default="all", help="edition: en, ko or all (default: all)")
    grading.set_defaults(func=_cmd_grading)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``virtlab`` command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["where"]:
        from virtlab.probe import main_where

        return main_where(argv[1:])
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (ValueError, RuntimeError, OSError) as exc:
        print(f"virtlab {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
