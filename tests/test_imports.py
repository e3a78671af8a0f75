"""A missing stage is an error when the code starts, never an empty result later (no findings,
no themes) that would quietly switch the structured answers off."""

from __future__ import annotations

import importlib
import sys

import pytest


@pytest.mark.parametrize(("module", "needs"), [
    ("ingest.parse", "ingest.findings"),  # no findings stage: parsing fails, not zero findings
    ("ingest.pipeline", "ingest.load"),  # no loader: ingestion fails, not a guessed file list
    ("assistant.api.routes.findings", "core.themes"),  # no themes: no API, not no check
])
def test_a_missing_module_is_an_import_error(
    module: str, needs: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    importlib.import_module(module)  # imports when everything is there
    monkeypatch.setitem(sys.modules, needs, None)  # importing `needs` now raises ImportError
    monkeypatch.delitem(sys.modules, module)  # restored after the test
    with pytest.raises(ImportError, match=needs):
        importlib.import_module(module)
