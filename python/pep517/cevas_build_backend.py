"""In-tree PEP 517 build backend of cevas: CMake builds, the standard library packs.

Why in-tree: ``pip install .`` must work offline with Debian's Python. A backend that needs
setuptools or scikit-build from an index cannot be installed into pip's isolated build
environment without a network; this one needs nothing (``[build-system] requires = []``), so
``pip install .`` works with or without build isolation, and so does
``python3 -m build --no-isolation``.

What it does (build_wheel):
  1. configure (once) and build the project with CMake in a build folder:
     ``$CEVAS_BUILD_DIR`` if set (an existing, configured build is only built, never
     reconfigured), else ``<source>/build-pip``. Extra configure options: ``$CEVAS_CMAKE_ARGS``
     (split like a shell line) or the ``cmake-args`` config setting;
  2. ``cmake --install`` the targets into a staging prefix (the same install rules as
     ``cmake --install`` of a developer build);
  3. write the wheel with zipfile: ``cevas/`` (the package, the extension, stubs) at the root,
     the ``cevas`` CLI as a script and ``share/cevas/run_plots.py`` as data (the installed CLI
     finds its plot script at ``<prefix>/share/cevas``), METADATA (licence MIT), WHEEL, RECORD.

build_sdist packs the tracked source files (``git ls-files`` when available) with PKG-INFO.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = "cevas"
SUMMARY = "Coherent elastic neutrino scattering on atoms (CEvAS) and nuclei (CEvNS)"
TARGETS = ("_core", "cevas_cli")


def _version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    m = re.search(r"project\(\s*cevas\s+VERSION\s+([0-9.]+)", text)
    if not m:
        raise RuntimeError("CMakeLists.txt: project(cevas VERSION x.y.z) not found")
    return m.group(1)


def _metadata() -> str:
    readme = ROOT / "README.md"
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {NAME}",
        f"Version: {_version()}",
        f"Summary: {SUMMARY}",
        "License: MIT",
        "License-File: LICENSE",
        "Classifier: License :: OSI Approved :: MIT License",
        "Classifier: Programming Language :: C++",
        "Classifier: Programming Language :: Python :: 3",
        "Classifier: Topic :: Scientific/Engineering :: Physics",
        "Requires-Python: >=3.9",
        "Requires-Dist: numpy",
        "Provides-Extra: plot",
        'Requires-Dist: matplotlib; extra == "plot"',
    ]
    if readme.exists():
        lines.append("Description-Content-Type: text/markdown")
        return "\n".join(lines) + "\n\n" + readme.read_text(encoding="utf-8")
    return "\n".join(lines) + "\n"


def _tag() -> str:
    impl = f"cp{sys.version_info.major}{sys.version_info.minor}"
    abi = impl + getattr(sys, "abiflags", "")
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{impl}-{abi}-{plat}"


def _dist_info() -> str:
    return f"{NAME}-{_version()}.dist-info"


# -- PEP 517 hooks ---------------------------------------------------------------------------


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    d = Path(metadata_directory) / _dist_info()
    d.mkdir(parents=True, exist_ok=True)
    (d / "METADATA").write_text(_metadata(), encoding="utf-8")
    (d / "WHEEL").write_text(_wheel_text(), encoding="utf-8")
    shutil.copy(ROOT / "LICENSE", d / "LICENSE")
    return d.name


def _wheel_text() -> str:
    return ("Wheel-Version: 1.0\nGenerator: cevas_build_backend\nRoot-Is-Purelib: false\n"
            f"Tag: {_tag()}\n")


def _log(msg: str) -> None:
    print(f"cevas build: {msg}", file=sys.stderr, flush=True)


def _run(cmd: list[str]) -> None:
    _log(" ".join(shlex.quote(c) for c in cmd))
    subprocess.run(cmd, check=True, stdout=sys.stderr)


def _cmake_build(config_settings) -> Path:
    settings = config_settings or {}
    build = Path(os.environ.get("CEVAS_BUILD_DIR") or settings.get("build-dir")
                 or ROOT / "build-pip").resolve()
    cmake = shutil.which("cmake")
    if cmake is None:
        raise RuntimeError("cmake not found (Debian: apt-get install cmake)")
    if not (build / "CMakeCache.txt").exists():
        args = [cmake, "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                "-DCEVAS_BUILD_TESTS=OFF", "-DCEVAS_BUILD_BENCH=OFF",
                "-DCEVAS_BUILD_EXAMPLES=OFF", "-DCEVAS_BUILD_APP=ON", "-DCEVAS_BUILD_PYTHON=ON",
                f"-DPython_EXECUTABLE={sys.executable}"]
        if shutil.which("ninja"):
            args += ["-G", "Ninja"]
        if shutil.which("ccache"):
            args += ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"]
        extra = os.environ.get("CEVAS_CMAKE_ARGS") or settings.get("cmake-args") or ""
        args += shlex.split(extra)
        _run(args)
    jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(min(os.cpu_count() or 1, 2))
    _run([cmake, "--build", str(build), "-j", jobs, "--target", *TARGETS])
    return build


def _record_line(arcname: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arcname},sha256={digest},{len(data)}"


def _add(zf: zipfile.ZipFile, record: list[str], arcname: str, data: bytes,
         executable: bool = False) -> None:
    info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = ((0o755 if executable else 0o644) | 0o100000) << 16
    zf.writestr(info, data)
    record.append(_record_line(arcname, data))


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    build = _cmake_build(config_settings)
    version = _version()
    with tempfile.TemporaryDirectory(prefix="cevas-wheel-") as tmp:
        stage = Path(tmp) / "stage"
        _run([shutil.which("cmake") or "cmake", "--install", str(build), "--prefix", str(stage)])
        packages = sorted(stage.glob("lib/python*/site-packages/cevas"))
        if not packages:
            raise RuntimeError(f"cmake --install put no Python package under {stage}")
        pkg = packages[0]
        wheel_name = f"{NAME}-{version}-{_tag()}.whl"
        out = Path(wheel_directory) / wheel_name
        record: list[str] = []
        data_dir = f"{NAME}-{version}.data"
        with zipfile.ZipFile(out, "w") as zf:
            for f in sorted(pkg.rglob("*")):
                if f.is_file() and "__pycache__" not in f.parts:
                    arc = "cevas/" + f.relative_to(pkg).as_posix()
                    _add(zf, record, arc, f.read_bytes(), executable=arc.endswith(".so"))
            cli = stage / "bin" / "cevas"
            if cli.exists():
                _add(zf, record, f"{data_dir}/scripts/cevas", cli.read_bytes(), executable=True)
            for f in sorted((stage / "share" / "cevas").glob("*.py")):
                _add(zf, record, f"{data_dir}/data/share/cevas/{f.name}", f.read_bytes())
            di = _dist_info()
            _add(zf, record, f"{di}/METADATA", _metadata().encode())
            _add(zf, record, f"{di}/WHEEL", _wheel_text().encode())
            _add(zf, record, f"{di}/LICENSE", (ROOT / "LICENSE").read_bytes())
            record.append(f"{di}/RECORD,,")
            info = zipfile.ZipInfo(f"{di}/RECORD", date_time=(2020, 1, 1, 0, 0, 0))
            zf.writestr(info, "\n".join(record) + "\n")
    _log(f"wrote {out}")
    return wheel_name


# -- sdist -----------------------------------------------------------------------------------

_SKIP = re.compile(r"^(build[^/]*|out|\.git|\.cache|dist)(/|$)|__pycache__|\.pyc$")


def _source_files() -> list[str]:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], check=True,
                             capture_output=True).stdout.decode()
        files = [f for f in out.split("\0") if f and (ROOT / f).is_file()]
        if files:
            return files
    except (OSError, subprocess.CalledProcessError):
        pass
    files = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        rel_dir = os.path.relpath(dirpath, ROOT)
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = [d for d in dirnames if not _SKIP.search(rel_dir + d)]
        files += [rel_dir + f for f in filenames if not _SKIP.search(rel_dir + f)]
    return sorted(files)


def build_sdist(sdist_directory, config_settings=None):
    version = _version()
    base = f"{NAME}-{version}"
    out = Path(sdist_directory) / f"{base}.tar.gz"
    with tarfile.open(out, "w:gz", format=tarfile.PAX_FORMAT) as tf:
        for rel in _source_files():
            if rel == "PKG-INFO":
                continue
            tf.add(ROOT / rel, arcname=f"{base}/{rel}", recursive=False)
        data = _metadata().encode()
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        info.size = len(data)
        info.mtime = int(time.time())
        info.mode = 0o644
        tf.addfile(info, io.BytesIO(data))
    _log(f"wrote {out}")
    return out.name


# -- editable installs (PEP 660): `pip install -e .` -----------------------------------------


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    return prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """A wheel holding only a .pth file that puts ``<build>/python`` on sys.path: the package
    is imported from the CMake build folder (rebuild with ``cmake --build <build> --target
    _core`` after editing; the build copies the pure-Python files)."""
    build = _cmake_build(config_settings)
    version = _version()
    wheel_name = f"{NAME}-{version}-{_tag()}.whl"
    out = Path(wheel_directory) / wheel_name
    record: list[str] = []
    with zipfile.ZipFile(out, "w") as zf:
        _add(zf, record, "cevas_editable.pth", (str(build / "python") + "\n").encode())
        di = _dist_info()
        _add(zf, record, f"{di}/METADATA", _metadata().encode())
        _add(zf, record, f"{di}/WHEEL", _wheel_text().encode())
        _add(zf, record, f"{di}/LICENSE", (ROOT / "LICENSE").read_bytes())
        record.append(f"{di}/RECORD,,")
        zf.writestr(zipfile.ZipInfo(f"{di}/RECORD", date_time=(2020, 1, 1, 0, 0, 0)),
                    "\n".join(record) + "\n")
    _log(f"wrote {out} (editable: {build / 'python'})")
    return wheel_name
