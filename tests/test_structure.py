"""The shape the architecture promises, checked: views and the API read through selectors and
write through actions (never a model manager), and no module of the product outgrows 400
lines."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(
    path.parent.name
    for path in ROOT.glob("*/apps.py")
    if path.parent.name not in {"config", "tests", "bench"}
)
MAX_LINES = 400


def _product_modules() -> list[Path]:
    found = []
    for app in [*APPS, "config"]:
        for path in (ROOT / app).rglob("*.py"):
            parts = set(path.relative_to(ROOT).parts)
            if "migrations" in parts or "tests" in parts:
                continue
            found.append(path)
    return sorted(found)


def _is_view_module(path: Path) -> bool:
    """Every page's module (`views*.py`, `views/`), and the whole REST API except the records
    it owns (its tokens, read and written by `api/selectors.py` and `api/actions.py` as every
    app's records are)."""
    relative = path.relative_to(ROOT)
    if relative.parts[0] == "api":
        return relative.parts[1:] not in {("selectors.py",), ("actions.py",), ("models.py",)}
    return any(part.startswith("views") for part in relative.parts[1:])


def _manager_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}
    ]


def test_views_and_the_api_never_use_a_model_manager() -> None:
    views = [path for path in _product_modules() if _is_view_module(path)]
    assert len(views) > 10, views
    uses = [use for path in views for use in _manager_uses(path)]
    assert uses == [], "Views ask selectors and actions instead:\n" + "\n".join(uses)


def test_no_module_of_the_product_is_over_400_lines() -> None:
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in _product_modules()
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert long == [], "Split these by concept:\n" + "\n".join(long)
