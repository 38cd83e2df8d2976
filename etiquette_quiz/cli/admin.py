"""The administrator's store tools: `store init` (migrate a PostgreSQL store, set up trainer and trainee roles)."""

from __future__ import annotations

import typer

from . import app, open_store, state_of

store_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                        help="Administrator tools for a shared PostgreSQL results store.")
app.add_typer(store_app, name="store")


@store_app.command("init")
def store_init(
    ctx: typer.Context,
    trainer_role: str = typer.Option(None, "--trainer-role", metavar="ROLE",
                                     help="The group role of trainers: they read every result (created if missing)."),
    trainee_role: str = typer.Option(None, "--trainee-role", metavar="ROLE",
                                     help="The group role of trainees: they add and read only their own results."),
) -> None:
    """Bring a PostgreSQL store to the current schema and set up (or renew) its roles and row-level security.

    Run it as the database's owner, once when the centre's server is set up and once after each
    upgrade. Without role options it keeps the roles given before (if any).
    """
    from ..errors import UserError
    from ..i18n import t
    from ..store.security import init_roles, recorded_roles

    state = state_of(ctx)
    store = open_store(state)
    if store.engine != "postgresql":
        raise UserError("error.store-init-sqlite")
    if trainer_role or trainee_role or recorded_roles(store):
        trainer, trainee = init_roles(store, trainer_role, trainee_role)
        typer.echo(t("store.init.done", state.lang, url=store.path, version=store.schema_version, trainer=trainer,
                     trainee=trainee))
    else:
        typer.echo(t("store.init.plain", state.lang, url=store.path, version=store.schema_version))
