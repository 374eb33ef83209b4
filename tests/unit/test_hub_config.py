"""The hub configuration: valid for the Zero to JupyterHub chart, and safe."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

HUB = Path(__file__).resolve().parents[2] / "course" / "hub"


def merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Helm's merge: mappings key by key, everything else (lists too) replaced."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return yaml.safe_load((HUB / "config.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def values(config: dict[str, Any]) -> dict[str, Any]:
    defaults = yaml.safe_load((HUB / "z2jh" / "values.yaml").read_text(encoding="utf-8"))
    return merged(defaults, config)


def test_merged_values_satisfy_the_chart_schema(values: dict[str, Any]) -> None:
    schema = yaml.safe_load((HUB / "z2jh" / "values.schema.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(values, schema)


def test_a_typo_in_the_config_is_caught_by_the_schema(config: dict[str, Any]) -> None:
    # proves the schema check above can fail: the chart forbids unknown keys
    schema = yaml.safe_load((HUB / "z2jh" / "values.schema.yaml").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((HUB / "z2jh" / "values.yaml").read_text(encoding="utf-8"))
    broken = merged(defaults, {"singleuser": {"memmory": {"limit": "1G"}}})
    with pytest.raises(jsonschema.ValidationError, match="memmory"):
        jsonschema.validate(broken, schema)


def test_pods_run_as_non_root_without_privilege_escalation(values: dict[str, Any]) -> None:
    single = values["singleuser"]
    assert single["uid"] != 0 and single["allowPrivilegeEscalation"] is False


def bytes_of(size: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([MG])", size).groups()  # type: ignore[union-attr]
    return int(number) * {"M": 2**20, "G": 2**30}[unit]


def test_resources_have_guarantees_below_limits(values: dict[str, Any]) -> None:
    memory, cpu = values["singleuser"]["memory"], values["singleuser"]["cpu"]
    assert 0 < bytes_of(memory["guarantee"]) <= bytes_of(memory["limit"])
    assert 0 < cpu["guarantee"] <= cpu["limit"]


def test_idle_servers_are_culled(values: dict[str, Any]) -> None:
    assert values["cull"]["enabled"] and 0 < values["cull"]["timeout"] <= 4 * 3600


def test_default_url_opens_the_first_module(values: dict[str, Any]) -> None:
    assert values["singleuser"]["defaultUrl"].endswith("/notebooks/00-start-here.ipynb")


def test_the_image_recipe_pins_its_base_and_installs_the_lock() -> None:
    dockerfile = (HUB / "Dockerfile").read_text(encoding="utf-8")
    base = re.search(r"^FROM (\S+)", dockerfile, re.MULTILINE)
    assert base and re.search(r":\d{4}-\d{2}-\d{2}$", base.group(1)), "a dated, immutable tag"
    assert "-r /tmp/virtlab/requirements.lock" in dockerfile
    assert "--no-deps" in dockerfile, "the package adds nothing beyond the lock"
