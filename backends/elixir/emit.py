"""The Elixir API module of each choreography (`Shop.Shipping` for `shipping` in app
`shop`): `run/2`, `start/2`, `await/2`, `child_spec/1` with specs and a moduledoc
drawn from the choreography, so that Elixir code never names the generated Erlang
modules. Rendered from `templates/api.ex.j2`."""

from __future__ import annotations

import re
from functools import cache
from pathlib import PurePath

import jinja2

from choreo_erl import __version__
from choreo_erl.core.diagnostics import ScaffoldError
from choreo_erl.core.names import impl_module, role_atom, role_module
from choreo_erl.projector.project import Projection

from .terms import elixir_atom

_ALIAS = re.compile(r"[A-Z][A-Za-z0-9_]*\Z")


class ElixirNameError(ScaffoldError):
    """A name that does not make an Elixir module name."""


def camelize(name: str) -> str:
    """`order_flow` -> `OrderFlow`, as Mix names an application's module."""
    out = "".join(p[:1].upper() + p[1:] for p in name.split("_") if p)
    if not _ALIAS.match(out):
        raise ElixirNameError(f"`{name}` does not make an Elixir module name")
    return out


def api_module(app: str, chor: str) -> str:
    return f"{camelize(app)}.{camelize(chor)}"


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("choreo_erl.backends.elixir", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render(template: str, **context) -> str:
    return _env().get_template(template).render(version=__version__, **context)


def chor_context(projection: Projection, app: str) -> list[dict]:
    """What the templates need to know of each choreography of a program."""
    out = []
    for chor in projection.program.choreographies:
        roles = []
        for r in chor.roles:
            callbacks = sorted(projection.callbacks.get((chor.name, r.name), set()))
            example = f"%{{{_key(role_atom(r.name))} [{', '.join(_var(p) for p in r.params)}]}}"
            args_doc = (", started with the arguments "
                        + ", ".join(f"`{p}`" for p in r.params) + f" (`{example}`)"
                        if r.params else "")
            roles.append(dict(
                args_doc=args_doc,
                callbacks_doc=", ".join(f"`{f}/{n}`" for f, n in callbacks),
                name=r.name, atom=elixir_atom(role_atom(r.name)), key=_key(role_atom(r.name)),
                params=list(r.params), callbacks=[f"{f}/{n}" for f, n in callbacks],
                behaviour=elixir_atom(role_module(chor.name, r.name)),
                impl=elixir_atom(impl_module(chor.name, r.name)),
                elixir_impl=f"{api_module(app, chor.name)}.{camelize(role_atom(r.name))}"))
        out.append(dict(name=chor.name, module=api_module(app, chor.name),
                        erlang=elixir_atom(chor.name), key=_key(chor.name), roles=roles))
    return out


def _var(name: str) -> str:
    """`Qty` -> `qty`, `ItemName` -> `item_name`: an Erlang variable as Elixir writes it."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _key(name: str) -> str:
    """`name:` in a keyword list or map, as Elixir writes it."""
    return elixir_atom(name)[1:] + ":"


def emit_elixir(projection: Projection, source_path: str, app: str) -> dict[str, str]:
    """File name -> content of the Elixir API module of each choreography."""
    source = PurePath(source_path).name
    return {f"{c['name']}.ex": render("api.ex.j2", chor=c, app=app, app_atom=elixir_atom(app),
                                      source=source)
            for c in chor_context(projection, app)}
