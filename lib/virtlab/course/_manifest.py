"""The course manifest: which modules exist, in which order, and what each teaches.

``course/course.toml`` lists the modules, each with its titles and objectives in
every language of the course, and the folder of each language's edition
(``[course.editions]``: ``en = "notebooks"``, ``ko = "notebooks/ko"``); every
edition holds a notebook of the same name for every module. :func:`load_manifest` reads it, checks
its shape with a JSON Schema (through ``jsonschema``) and then the facts a schema
cannot see (unique ids, notebooks that exist, ids that match file names), and
returns a :class:`Manifest`. Every problem is a :class:`ManifestError` that names
the module and the field.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Manifest", "ManifestError", "Module", "default_manifest_path", "load_manifest"]

_MODULE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "id",
        "notebook",
        "title_en",
        "title_ko",
        "minutes",
        "objectives",
        "objectives_ko",
    ],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": r"^\d\d-[a-z0-9]+(-[a-z0-9]+)*$"},
        "notebook": {"type": "string", "pattern": r"\.ipynb$"},
        "title_en": {"type": "string", "minLength": 3},
        "title_ko": {"type": "string", "minLength": 2},
        "minutes": {"type": "integer", "minimum": 1, "maximum": 240},
        "objectives": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 3},
        },
        "objectives_ko": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "string", "minLength": 2},
        },
    },
}

_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["course", "modules"],
    "additionalProperties": False,
    "properties": {
        "course": {
            "type": "object",
            "required": ["title_en", "title_ko", "repository", "branch"],
            "additionalProperties": False,
            "properties": {
                "title_en": {"type": "string"},
                "title_ko": {"type": "string"},
                "repository": {"type": "string", "pattern": "^https://"},
                "branch": {"type": "string", "minLength": 1},
                "hub": {"type": "string", "pattern": "^https?://"},
                "editions": {
                    "type": "object",
                    "propertyNames": {"pattern": "^[a-z]{2}$"},
                    "additionalProperties": {"type": "string", "minLength": 1},
                },
            },
        },
        "modules": {"type": "array", "minItems": 1, "items": _MODULE_SCHEMA},
    },
}


class ManifestError(ValueError):
    """The manifest is malformed; the message names the module and field."""


@dataclass(frozen=True)
class Module:
    """One module of the course: a notebook per edition with its titles, time and objectives.

    ``notebook`` is the English edition's; ``notebooks`` maps every edition's
    language to its notebook.
    """

    id: str
    notebook: Path
    title_en: str
    title_ko: str
    minutes: int
    objectives: tuple[str, ...]
    objectives_ko: tuple[str, ...] = ()
    notebooks: Mapping[str, Path] = field(default_factory=dict)

    def title(self, lang: str | None = None) -> str:
        """The title in ``lang`` (default: the current language of :mod:`virtlab.i18n`)."""
        return str(getattr(self, f"title_{_language(lang)}"))

    def objectives_in(self, lang: str | None = None) -> tuple[str, ...]:
        """The objectives in ``lang`` (default: the current language)."""
        lang = _language(lang)
        return self.objectives if lang == "en" else tuple(getattr(self, f"objectives_{lang}"))

    def notebook_in(self, lang: str | None = None) -> Path:
        """The notebook of this module in ``lang``'s edition (default: the current language)."""
        lang = _language(lang)
        if lang not in self.notebooks:
            editions = ", ".join(self.notebooks)
            raise ManifestError(f"module {self.id} has no {lang!r} edition; there are {editions}")
        return self.notebooks[lang]


def _language(lang: str | None) -> str:
    from virtlab import i18n

    return i18n.language() if lang is None else i18n.check_language(lang)


@dataclass(frozen=True)
class Manifest:
    """The whole course: its title, repository and modules in teaching order."""

    path: Path
    title_en: str
    title_ko: str
    repository: str
    branch: str
    modules: tuple[Module, ...]
    editions: Mapping[str, Path] = field(default_factory=dict)
    hub: str | None = None

    def __iter__(self) -> Iterator[Module]:
        return iter(self.modules)

    def __len__(self) -> int:
        return len(self.modules)

    @property
    def root(self) -> Path:
        """The folder the notebook paths are relative to (the repository root)."""
        return self.path.parent.parent

    @property
    def total_minutes(self) -> int:
        """Time for the whole course, in minutes."""
        return sum(m.minutes for m in self.modules)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the course has an edition in, English first."""
        return tuple(self.editions)

    def title(self, lang: str | None = None) -> str:
        """The course's title in ``lang`` (default: the current language)."""
        return str(getattr(self, f"title_{_language(lang)}"))

    def table(self) -> pd.DataFrame:
        """The modules as a table in the current language: id, title, minutes, objectives."""
        import pandas as pd

        from virtlab.i18n import tr

        return pd.DataFrame(
            [
                {
                    tr("course.table.module"): m.id,
                    tr("course.table.title"): m.title(),
                    tr("course.table.minutes"): m.minutes,
                    tr("course.table.objectives"): "; ".join(m.objectives_in()),
                }
                for m in self.modules
            ]
        )

    def module(self, module_id: str) -> Module:
        """The module with this id; a ManifestError lists the ids when there is none."""
        for m in self.modules:
            if m.id == module_id:
                return m
        ids = ", ".join(m.id for m in self.modules)
        raise ManifestError(f"no module {module_id!r} in {self.path.name}; modules are {ids}")


def default_manifest_path() -> Path:
    """``course/course.toml`` in the working folder or the nearest parent that has one.

    Notebooks run in ``notebooks/``, the command line at the repository root;
    both find the same manifest. Falls back to the checkout this package runs from.
    """
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        candidate = folder / "course" / "course.toml"
        if candidate.is_file():
            return candidate
    return Path(__file__).resolve().parents[3] / "course" / "course.toml"


def load_manifest(path: Path | str | None = None) -> Manifest:
    """Read and check the course manifest.

    Args:
        path: the TOML file; default :func:`default_manifest_path`.

    Returns:
        The manifest, modules in teaching order.

    Raises:
        ManifestError: unreadable TOML, a bad or missing field, a duplicate id, a
            notebook that does not exist or whose name does not match its id.
    """
    import jsonschema

    path = Path(path) if path is not None else default_manifest_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ManifestError(f"cannot read course manifest {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{path.name} is not valid TOML: {exc}") from exc
    errors = sorted(jsonschema.Draft202012Validator(_SCHEMA).iter_errors(data), key=str)
    if errors:
        raise ManifestError(_describe(errors[0], data, path))
    root = path.parent.parent
    course = data["course"]
    editions = _editions(course, data["modules"], root, path)
    modules = tuple(_module(entry, root, path, editions) for entry in data["modules"])
    _check_unique(modules, path)
    return Manifest(
        path=path,
        title_en=course["title_en"],
        title_ko=course["title_ko"],
        repository=course["repository"],
        branch=course["branch"],
        modules=modules,
        editions=editions,
        hub=course.get("hub"),
    )


def _editions(
    course: dict[str, Any], modules: list[dict[str, Any]], root: Path, path: Path
) -> dict[str, Path]:
    """Language -> folder of its edition; English is the folder of the modules' notebooks."""
    from virtlab import i18n

    english = {str(Path(m["notebook"]).parent) for m in modules}
    if len(english) != 1:
        raise ManifestError(
            f"{path.name}: every module's notebook must be in one folder; found {sorted(english)}"
        )
    folders = {"en": english.pop()}
    for lang, folder in course.get("editions", {}).items():
        try:
            i18n.check_language(lang)
        except i18n.LanguageError as exc:
            raise ManifestError(f"{path.name} [course.editions]: {exc}") from None
        if folders.setdefault(lang, folder) != folder:
            raise ManifestError(
                f"{path.name} [course.editions]: en must be {folders['en']}, "
                "the folder of the modules' notebooks"
            )
    return {lang: root / folder for lang, folder in folders.items()}


def _describe(error: Any, data: dict[str, Any], path: Path) -> str:
    """A schema error as 'course.toml module 02-x, field minutes: ...'."""
    where = list(error.absolute_path)
    label = path.name
    if len(where) >= 2 and where[0] == "modules" and isinstance(where[1], int):
        entry = data["modules"][where[1]]
        name = entry.get("id", f"#{where[1] + 1}") if isinstance(entry, dict) else where[1] + 1
        label += f" module {name}"
        where = where[2:]
    elif where:
        label += f" [{where[0]}]"
        where = where[1:]
    if where:
        label += f", field {'.'.join(str(w) for w in where)}"
    return f"{label}: {error.message}"


def _module(entry: dict[str, Any], root: Path, path: Path, editions: Mapping[str, Path]) -> Module:
    notebook = root / entry["notebook"]
    if not notebook.is_file():
        raise ManifestError(
            f"{path.name} module {entry['id']}: notebook {entry['notebook']} does not exist"
        )
    if notebook.stem != entry["id"]:
        raise ManifestError(
            f"{path.name} module {entry['id']}: notebook {entry['notebook']} "
            f"should be named {entry['id']}.ipynb"
        )
    if len(entry["objectives_ko"]) != len(entry["objectives"]):
        raise ManifestError(
            f"{path.name} module {entry['id']}: objectives_ko has {len(entry['objectives_ko'])} "
            f"items and objectives {len(entry['objectives'])}; translate each objective once"
        )
    # other editions are made from English (`virtlab editions sync`); the parity
    # check, not the manifest, reports one that is missing
    notebooks = {lang: folder / notebook.name for lang, folder in editions.items()}
    return Module(
        id=entry["id"],
        notebook=notebook,
        title_en=entry["title_en"],
        title_ko=entry["title_ko"],
        minutes=entry["minutes"],
        objectives=tuple(entry["objectives"]),
        objectives_ko=tuple(entry["objectives_ko"]),
        notebooks=notebooks,
    )


def _check_unique(modules: tuple[Module, ...], path: Path) -> None:
    seen: set[str] = set()
    for m in modules:
        if m.id in seen:
            raise ManifestError(f"{path.name} module {m.id}: duplicate id (each id once)")
        seen.add(m.id)
