"""`kehu config`: the effective settings and where each came from."""

from __future__ import annotations

import typer

from kehu import config
from kehu.cli.app import app
from kehu.cli.common import Session, command
from kehu.i18n import _


@command(app, "config")
def show_config(as_json: bool = typer.Option(False, "--json", help=_("Print JSON."))) -> None:
    """Show the settings and where each came from."""
    cfg = config.load_config()
    cfg.rules.calendar.is_working_day(config.today())  # an unknown country is refused here too
    values = config.effective_values(cfg)
    target = config.db_target(Session.db_option)
    if isinstance(target, str):  # a team database: never its password
        from kehu.store.engines.postgres import redacted

        target = redacted(target)
    paths = {"database": str(target), "config_file": str(config.config_path())}
    if as_json:
        from kehu.views.console import print_json

        print_json({"paths": paths, "settings": [
            {"key": k, "value": v, "source": s} for k, v, s in values]})
        return
    from rich.table import Table

    from kehu.config.file import toml_value
    from kehu.views.console import plain, stdout

    console = stdout()
    exists = _("exists") if config.config_path().exists() else _("not created; defaults apply")
    console.print(_("database:    {path}").format(path=paths["database"]), markup=False)
    console.print(_("config file: {path} ({state})").format(path=paths["config_file"], state=exists), markup=False)
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for header in (_("Setting"), _("Value"), _("Source")):
        table.add_column(header, overflow="fold")
    for key, value, source in values:
        table.add_row(*plain(key, toml_value(value), source))
    console.print(table)
