"""Changing the catalogue: loading a qualification file (`loading`, `upload`), and operations'
pages changing a qualification's details, units and rules one at a time (`details`, `units`,
`rules`), each judged by the rules engine (`checking`) and audited."""

from .checking import Verdict
from .details import create_qualification, new_qualification_problems, update_qualification
from .loading import LoadOutcome, load_qualification_structure, plan_load
from .rules import RuleInput, add_rule, change_rule, check_rule, remove_rule
from .units import add_unit, change_unit, retire_unit, unit_problems
from .upload import Preview, decode, load_file, preview_file

__all__ = [
    "LoadOutcome",
    "Preview",
    "RuleInput",
    "Verdict",
    "add_rule",
    "add_unit",
    "change_rule",
    "change_unit",
    "check_rule",
    "create_qualification",
    "decode",
    "load_file",
    "load_qualification_structure",
    "new_qualification_problems",
    "plan_load",
    "preview_file",
    "remove_rule",
    "retire_unit",
    "unit_problems",
    "update_qualification",
]
