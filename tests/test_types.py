"""The mention record the recognisers hand on: naming its measure keeps everything else."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from clusterfacts.recognise.types import Mention


def test_with_measure_copies_every_other_field():
    """with_measure lists the fields by position; a field added to Mention must be added there too."""
    mention = Mention(3, 9, None, Decimal(3), Decimal(5), "year", "duration", "approx", "zh.duration.range", "old")
    named = mention.with_measure("项目建设期")
    assert named == dataclasses.replace(mention, measure="项目建设期")
    assert {field.name for field in dataclasses.fields(Mention)} == {
        "start", "end", "value", "low", "high", "unit", "kind", "qualifier", "rule", "measure"
    }
