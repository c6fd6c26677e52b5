"""Every public function and class documents units and carries a runnable example; the examples
are executed here (from the repository root, where examples/saturne.toml is)."""

import os

import numpy as np
import pytest

import cevas
from cevas import _examples
from conftest import REPO_ROOT

PUBLIC = [n for n in cevas.__all__ if callable(getattr(cevas, n))
          and not (isinstance(getattr(cevas, n), type)
                   and issubclass(getattr(cevas, n), BaseException))]


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_callable_has_an_example(name):
    doc = getattr(cevas, name).__doc__ or ""
    assert "Example" in doc, name


@pytest.mark.parametrize("name", sorted(_examples.EXAMPLES))
def test_docstring_examples_run(name, monkeypatch):
    pytest.importorskip("matplotlib")
    monkeypatch.chdir(REPO_ROOT)
    exec(compile(_examples.EXAMPLES[name], f"<example {name}>", "exec"),
         {"np": np, "cevas": cevas})
