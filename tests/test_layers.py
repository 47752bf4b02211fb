"""The one-way layers hold for every app: each of the project's apps is in the import-linter
contract (so a new app cannot escape it), and nothing is let off (no ignored imports, no
TYPE_CHECKING imports left out)."""

import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def _project_apps() -> set[str]:
    """The installed apps whose package is a folder of this repository."""
    return {config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT}


def _layered() -> set[str]:
    [contract] = [c for c in CONFIG["contracts"] if c["type"] == "layers"]
    return {name.strip() for layer in contract["layers"] for name in layer.split("|")}


def test_every_app_of_the_project_is_a_layer_of_the_contract() -> None:
    project = _project_apps()
    assert "verification" in project and "demo" in project
    assert project <= set(CONFIG["root_packages"])
    assert project <= _layered()


def test_the_contract_lets_no_import_off() -> None:
    assert "exclude_type_checking_imports" not in CONFIG
    for contract in CONFIG["contracts"]:
        assert "ignore_imports" not in contract
