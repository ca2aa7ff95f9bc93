"""JSON Schemas of the public records, generated from the models.

The files in schemas/ are written by ``clusterfacts schema --write schemas``;
a test fails when they drift from the models.
"""

from __future__ import annotations

from .models import SCHEMA_VERSION, ErrorRecord, Fact


def all_schemas() -> dict[str, dict]:
    schemas = {}
    for name, model in (("fact", Fact), ("error", ErrorRecord)):
        body = model.model_json_schema(mode="serialization")
        body["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        body["$comment"] = f"clusterfacts record schema version {SCHEMA_VERSION}; generated from clusterfacts.models"
        schemas[name] = body
    return schemas
