"""The tutorials in examples/notebooks run from top to bottom (nbclient + ipykernel), so they
cannot rot. Each runs in its own folder; outputs go to temporary folders."""

import glob
import os

import pytest

from conftest import REPO_ROOT

NOTEBOOKS = sorted(glob.glob(os.path.join(REPO_ROOT, "examples", "notebooks", "*.ipynb")))


def test_the_three_tutorials_exist():
    names = [os.path.basename(n) for n in NOTEBOOKS]
    assert {"a_cross_sections.ipynb", "b_saturne.ipynb", "c_sensitivity.ipynb"} <= set(names)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=os.path.basename)
def test_notebook_runs(path, monkeypatch):
    import cevas

    # The kernel runs in the notebook's folder: give it this cevas by absolute path.
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(cevas.__file__)))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [package_root] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": os.path.dirname(path)}})
    client.execute()  # raises CellExecutionError naming the cell on any error
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
