"""Language packs: the number words, scales, units, classifiers, qualifiers and
exclusions of each language, kept as YAML data beside their example cases."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

#: libyaml's parser when PyYAML was built with it (about ten times faster), else the pure-Python one
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load_table(lang: str, name: str, model: Any = None) -> Any:
    """Parse ``langs/<lang>/<name>.yaml`` once and cache it for the process.

    With a pydantic ``model`` the table is validated by it, so a typo in a
    table fails at load time with the field that is wrong.
    """
    path = resources.files(__package__).joinpath(lang, f"{name}.yaml")
    with path.open("r", encoding="utf-8") as handle:
        table = yaml.load(handle, Loader=_SAFE_LOADER)
    return table if model is None else model.model_validate(table)
