"""The checked-in JSON Schemas are the models' own: regenerate with `make schemas`."""

from __future__ import annotations

import json

from clusterfacts.schemas import all_schemas
from conftest import ROOT


def test_checked_in_schemas_match_the_models():
    for name, body in all_schemas().items():
        path = ROOT / "schemas" / f"{name}.schema.json"
        assert json.loads(path.read_text(encoding="utf-8")) == body, f"{path} is stale: run `make schemas`"
