"""Turn pybind11's argument-type errors into cevas's own exceptions (private).

The compiled functions of :mod:`cevas._core` check values themselves (NaN, negative, units) and
raise cevas's exceptions; but when an argument has the wrong *type* for a typed C++ parameter
(``None`` or a string where a number is expected), pybind11 raises a bare ``TypeError``
("incompatible function arguments") before the C++ code runs. :func:`install` wraps every public
function, method and property setter so that such a call raises
:class:`cevas.ArgumentTypeError` (a :class:`cevas.InvalidArgument` and a ``TypeError``) with the
library's "field = value: reason" message, naming the argument. Nothing else changes: the
wrapper calls the compiled function directly and only inspects the arguments after pybind11
refused them.
"""

from __future__ import annotations

import functools
import numbers
import re

_INCOMPATIBLE = ("incompatible function arguments", "incompatible constructor arguments",
                 "incompatible function argument")

# One pybind11 signature line: "name(self: X, a: float, *, b: str = 'e') -> None"
_SIG = re.compile(r"^\s*(?:\d+\.\s*)?(\w*)\((.*)\)\s*->", re.M)

_READABLE = {
    "float": "a real number",
    "int": "a whole number",
    "str": "a string",
    "bool": "True or False",
    "complex": "a complex number",
}


def _split_params(text: str) -> list[str]:
    """Split a parameter list at top-level commas (brackets and quotes nest)."""
    out, depth, cur, quote = [], 0, "", None
    for ch in text:
        if quote:
            cur += ch
            if ch == quote:
                quote = None
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def _signatures(doc: str | None) -> list[list[tuple[str, str, bool]]]:
    """[(name, type, keyword_only)] per overload, from a pybind11 docstring."""
    sigs = []
    for m in _SIG.finditer(doc or ""):
        params, kw_only = [], False
        for p in _split_params(m.group(2)):
            if p == "*":
                kw_only = True
                continue
            if p.startswith("*"):
                continue
            name, _, rest = p.partition(":")
            typ = rest.split("=")[0].strip()
            params.append((name.strip(), typ, kw_only))
        sigs.append(params)
    return sigs


def _accepts(typ: str, value) -> bool:
    t = typ.split(".")[-1]
    if typ.startswith("Optional[") or typ.startswith("typing.Optional["):
        return value is None or _accepts(typ[typ.index("[") + 1:-1], value)
    if t in ("object", "handle", "Any"):
        return True
    if t == "float":
        return isinstance(value, numbers.Real) and not isinstance(value, str)
    if t == "int":
        return isinstance(value, numbers.Integral)
    if t == "bool":
        return isinstance(value, bool) or type(value).__name__ == "bool_"
    if t == "str":
        return isinstance(value, str)
    if t == "complex":
        return isinstance(value, numbers.Complex)
    if t.startswith("List[") or t.startswith("list["):
        return isinstance(value, (list, tuple))
    if re.fullmatch(r"[A-Z]\w*", t):
        return any(c.__name__ == t for c in type(value).__mro__)
    return True


def _expected(typ: str) -> str:
    t = typ.split(".")[-1]
    if t in _READABLE:
        return _READABLE[t]
    if typ.startswith("Optional["):
        return _expected(typ[9:-1]) + " or None"
    return "a cevas." + t if re.fullmatch(r"[A-Z]\w*", t) else t


def _short_repr(value) -> str:
    r = repr(value)
    return r if len(r) <= 80 else r[:77] + "..."


def _diagnose(doc: str | None, args: tuple, kwargs: dict, skip_self: bool,
              field_name: str | None) -> str | None:
    """The "field = value: reason" text for the first argument no overload accepts."""
    best = None
    for params in _signatures(doc):
        if field_name is not None:  # a property setter: (self, value)
            params = [(field_name, params[-1][1], False)] if params else []
        elif skip_self and params and params[0][0] == "self":
            params = params[1:]
        positional = [p for p in params if not p[2]]
        by_name = {p[0]: p for p in params}
        given = []
        for i, v in enumerate(args):
            if i >= len(positional):
                given = None
                best = best or f"arguments = {len(args)} positional: too many (at most {len(positional)})"
                break
            given.append((positional[i], v))
        if given is None:
            continue
        unknown = [k for k in kwargs if k not in by_name]
        if unknown:
            best = best or (f"{unknown[0]} = {_short_repr(kwargs[unknown[0]])}: unknown keyword "
                            f"argument (known: {', '.join(by_name)})")
            continue
        given += [(by_name[k], v) for k, v in kwargs.items()]
        for (name, typ, _), value in given:
            if not _accepts(typ, value):
                field = field_name or name
                reason = "expected " + _expected(typ)
                if value is None:
                    reason += ", not None"
                elif isinstance(value, str):
                    reason += ", not a string"
                elif isinstance(value, complex):
                    reason += ", not a complex number"
                return f"{field} = {_short_repr(value)}: {reason}"
        provided = {p[0] for p, _ in given}
        missing = [p[0] for p in params if p[0] not in provided and
                   not re.search(rf"\b{p[0]}: [^,)]*=", doc or "")]
        if missing:
            best = best or f"{missing[0]} = (missing): required argument"
    return best


def _wrap(func, qualname: str, skip_self: bool, field_name: str | None = None):
    from cevas._core import ArgumentTypeError

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except TypeError as e:
            text = str(e)
            if isinstance(e, ArgumentTypeError) or not any(s in text for s in _INCOMPATIBLE):
                raise
            rest = args[1:] if skip_self else args
            msg = _diagnose(getattr(func, "__doc__", None), rest, kwargs, skip_self, field_name)
            raise ArgumentTypeError(
                f"{msg} (in {qualname})" if msg else f"{qualname}: {text.splitlines()[0]}"
            ) from None

    wrapper.__cevas_wrapped__ = True
    return wrapper


def _is_compiled(obj) -> bool:
    return type(obj).__name__ in ("builtin_function_or_method", "instancemethod")


def install(namespace: dict, names) -> None:
    """Wrap the compiled functions and classes listed in ``names`` inside ``namespace``."""
    for name in names:
        obj = namespace.get(name)
        if obj is None:
            continue
        if isinstance(obj, type) and not issubclass(obj, BaseException):
            _wrap_class(obj)
        elif _is_compiled(obj):
            namespace[name] = _wrap(obj, name, skip_self=False)


def _wrap_class(cls: type) -> None:
    if getattr(cls, "__cevas_wrapped__", False):
        return
    for attr, obj in list(vars(cls).items()):
        if attr.startswith("__") and attr not in ("__init__", "__call__"):
            continue
        if isinstance(obj, property):
            if obj.fset is not None and _is_compiled(obj.fset):
                setattr(cls, attr, property(obj.fget, _wrap(obj.fset, f"{cls.__name__}.{attr}",
                                                            True, field_name=attr),
                                            obj.fdel, obj.__doc__))
            continue
        if isinstance(obj, staticmethod):
            inner = obj.__func__
            if _is_compiled(inner):
                setattr(cls, attr, staticmethod(_wrap(inner, f"{cls.__name__}.{attr}", False)))
            continue
        if _is_compiled(obj):
            setattr(cls, attr, _wrap(obj, f"{cls.__name__}.{attr}", skip_self=True))
    cls.__cevas_wrapped__ = True
