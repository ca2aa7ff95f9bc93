"""clusterfacts: validated numeric facts from English and Chinese press texts.

>>> import clusterfacts
>>> facts = clusterfacts.extract_text("签约项目金额102.2亿元。")
>>> facts[0].quantity.value, facts[0].quantity.unit
(Decimal('10220000000'), 'CNY')

A bare 元 follows the source's locale: traditional script defaults to Taiwan
unless the text says otherwise, and ``locale`` overrides the guess:

>>> clusterfacts.extract_text("簽約項目金額102.2億元。")[0].quantity.unit
'TWD'
>>> clusterfacts.extract_text("簽約項目金額102.2億元。", locale="CN")[0].quantity.unit
'CNY'

The names below load on first use, so ``import clusterfacts`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__

__all__ = [
    "__version__",
    "extract_text",
    "extract_file",
    "extract_paths",
    "iter_documents",
    "diff",
    "Fact",
    "ErrorRecord",
    "DocumentResult",
    "DocumentError",
    "to_dataframe",
    "to_arrow",
]

_LAZY = {
    "extract_text": "api",
    "extract_file": "api",
    "extract_paths": "api",
    "iter_documents": "api",
    "diff": "diff",
    "Fact": "models",
    "ErrorRecord": "models",
    "DocumentResult": "models",
    "DocumentError": "errors",
    "to_dataframe": "frames",
    "to_arrow": "frames",
}

if TYPE_CHECKING:
    from .api import extract_file, extract_paths, extract_text, iter_documents
    from .diff import diff
    from .errors import DocumentError
    from .frames import to_arrow, to_dataframe
    from .models import DocumentResult, ErrorRecord, Fact


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'clusterfacts' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value
