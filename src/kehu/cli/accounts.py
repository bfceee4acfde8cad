"""Key accounts: `kehu account list|show|set|stage|merge`, and `kehu prep WHO` before a call."""

from __future__ import annotations

import typer

from kehu.cli.app import app
from kehu.cli.common import clean_text, command, open_book
from kehu.errors import UsageError
from kehu.i18n import _

account_app = typer.Typer(help=_("Key accounts (大客户): a company and its people, stages, the selection matrix."),
                          no_args_is_help=True)
app.add_typer(account_app, name="account")


@command(account_app, "list")
def list_accounts(
    quadrant: str = typer.Option(None, "--quadrant", metavar="QUADRANT",
                                 help=_("key, develop, maintain or opportunistic (关键, 发展, 维持, 机会).")),
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
) -> None:
    """Every account: its stage, quadrant, people and their roles, last touch, open deals."""
    from kehu.core.accounts import QUADRANT_WORDS, forms, word
    from kehu.views import account_views

    chosen = None
    if quadrant is not None and (chosen := word(quadrant, QUADRANT_WORDS)) is None:
        raise UsageError(_("--quadrant {value!r}: use one of {forms}").format(value=quadrant, forms=forms(QUADRANT_WORDS)))
    book = open_book()
    found = book.accounts(chosen)
    if as_json:
        account_views.list_json(found)
    else:
        account_views.list_table(found, book.today, filtered=chosen is not None)


@command(account_app, "show")
def show_account(
    company: str = typer.Argument(..., metavar="COMPANY", help=_("The account: any of its names, part of one, or #id.")),
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
) -> None:
    """An account's people and roles, its stage history, and every touch with anyone there."""
    from kehu.views import account_views

    book = open_book()
    account, history, touches = book.account(company)
    if as_json:
        account_views.show_json(account, history, touches)
    else:
        account_views.show(account, history, touches, book.today)


def _score(value: int | None, option: str) -> int | None:
    if value is not None and not 1 <= value <= 5:
        raise UsageError(_("{option} {value}: give a score from 1 (low) to 5 (high)").format(option=option, value=value))
    return value


@command(account_app, "set")
def set_account(
    company: str = typer.Argument(..., metavar="COMPANY"),
    attractiveness: int = typer.Option(None, "--attractiveness", metavar="1-5",
                                       help=_("How attractive the client is to us, 1 (low) to 5 (high).")),
    strength: int = typer.Option(None, "--strength", metavar="1-5",
                                 help=_("Our strength with them relative to competitors, 1 to 5.")),
) -> None:
    """Place an account in the selection matrix (attractiveness × our strength).

    Both high: key account; attractive but we are weak: develop; we are strong, less attractive:
    maintain; both low: opportunistic. The thresholds are [accounts] in the config.
    """
    from kehu.views import account_views

    if attractiveness is None and strength is None:
        raise UsageError(_("nothing to change: give --attractiveness 1-5 and/or --strength 1-5"))
    book = open_book()
    account = book.score_account(company, _score(attractiveness, "--attractiveness"), _score(strength, "--strength"))
    account_views.scored(account)


@command(account_app, "stage")
def stage_account(
    company: str = typer.Argument(..., metavar="COMPANY"),
    stage: str = typer.Argument(..., metavar="STAGE",
                                help=_("pre, early, mid, partnership or synergy (前导, 早期, 中期, 伙伴, 协同).")),
    force: bool = typer.Option(False, "--force", help=_("Move forward past a stage (with --reason).")),
    reason: str = typer.Option(None, "--reason", metavar="TEXT", help=_("Why: kept in the stage history.")),
) -> None:
    """Move an account to a relationship stage.

    Stages are not skipped: forward one at a time, further only with --force and a reason;
    moving back is allowed. Every move is kept in the account's stage history.
    """
    from kehu.core import labels
    from kehu.core.accounts import STAGE_WORDS, forms, word

    target = word(stage, STAGE_WORDS)
    if target is None:
        raise UsageError(_("STAGE {value!r}: use one of {forms}").format(value=stage, forms=forms(STAGE_WORDS)))
    why = clean_text(reason, "--reason", limit=500) if reason is not None else None
    if force and not why:
        raise UsageError(_("--force needs --reason TEXT: why the stage is skipped is kept in the history"))
    before, steps = open_book().move_account(company, target, force=force, reason=why)
    line = _("{name}: {before} → {after}").format(name=before.name, before=labels.account_stage(before.stage),
                                                   after=labels.account_stage(target))
    if steps > 1:
        line += " " + _("(forced past {n} stage(s): {reason})").format(n=steps - 1, reason=why)
    elif steps < 0:
        line += " " + _("(moved back)")
    print(line)


@command(account_app, "merge")
def merge_accounts(
    keep: str = typer.Argument(..., metavar="KEEP", help=_("The account to keep (its name stays).")),
    other: str = typer.Argument(..., metavar="OTHER", help=_("Another name of the same company: merged into KEEP.")),
) -> None:
    """Join two names of one company (华为, 华为技术有限公司, Huawei) into one account.

    OTHER's people, stage history and names move to KEEP; a contact who names any of them
    later joins KEEP.
    """
    kept, merged = open_book().merge_accounts(keep, other)
    print(_("Merged {other} (#{oid}) into {name} (#{id}): {n} people, also called {aliases}").format(
        other=merged.name, oid=merged.id, name=kept.name, id=kept.id, n=len(kept.people),
        aliases=", ".join(kept.aliases) or "—"))


@command(app, "prep")
def prep(
    who: str = typer.Argument(..., metavar="WHO"),
    as_json: bool = typer.Option(False, "--json", help=_("Print JSON.")),
) -> None:
    """Prepare a call: their role and social style with advice, last touches, open promise,
    the account's other people and when each was last reached, and SPIN questions."""
    from kehu.views import account_views

    book = open_book()
    sheet = book.prep(who)
    if as_json:
        account_views.prep_json(sheet)
    else:
        account_views.prep(sheet, book.today)
