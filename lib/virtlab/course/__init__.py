"""The course as a whole: its manifest, the notebook runner, the site and refresh.

Taught in ``00-start-here``; used by the ``virtlab`` command.
"""

from virtlab.course._checks import check_parameter
from virtlab.course._editions import (
    SyncReport,
    parity_problems,
    stamp_cells,
    sync_edition,
    translation_stamp,
)
from virtlab.course._guide import answer_key, write_guides
from virtlab.course._hublink import hub_link
from virtlab.course._manifest import (
    Manifest,
    ManifestError,
    Module,
    default_manifest_path,
    load_manifest,
)
from virtlab.course._params import ParameterError, notebook_parameters, resolve_parameters
from virtlab.course._refresh import RefreshError, refresh_notebook
from virtlab.course._runner import NotebookResult, format_table, plan_parameters, run_notebooks
from virtlab.course._site import SiteError, build_site, outside_references

__all__ = [
    "Manifest",
    "ManifestError",
    "Module",
    "NotebookResult",
    "ParameterError",
    "RefreshError",
    "SiteError",
    "SyncReport",
    "answer_key",
    "build_site",
    "check_parameter",
    "default_manifest_path",
    "format_table",
    "hub_link",
    "load_manifest",
    "notebook_parameters",
    "outside_references",
    "parity_problems",
    "plan_parameters",
    "refresh_notebook",
    "resolve_parameters",
    "run_notebooks",
    "stamp_cells",
    "sync_edition",
    "translation_stamp",
    "write_guides",
]
