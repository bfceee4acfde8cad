"""What Typer and Click print in English of their own — the help page's "Usage:", the --help
option, usage errors — said in the interface language too."""

from __future__ import annotations

import re

from kehu.i18n import N_, _

# Click's usage errors, as kehu prints them (one line after "kehu: "), and their sentences.
_USAGE_ERRORS = [
    (re.compile(r"Missing argument '(?P<name>[^']+)'\.?"), N_("missing argument {name}")),
    (re.compile(r"Missing option '(?P<name>[^']+)'\.?"), N_("missing option {name}")),
    (re.compile(r"No such option: (?P<name>\S+?)(?: \(Possible options: (?P<reason>[^)]*)\))?"),
     N_("no such option: {name} (options like it: {reason})")),
    (re.compile(r"No such command '(?P<name>[^']+)'\.?"), N_("no such command: {name} (kehu --help lists them)")),
    (re.compile(r"Got unexpected extra arguments? \((?P<name>.*)\)"), N_("unexpected extra argument: {name}")),
    (re.compile(r"Invalid value for '?(?P<name>[^':/ ]+)'?(?: / '[^']+')*: (?P<reason>.*)"), N_("invalid value for {name}: {reason}")),
    (re.compile(r"Option '(?P<name>[^']+)' requires an argument\.?"), N_("option {name} needs a value")),
]
# Click's own reasons inside "Invalid value for …" (a number option given a word).
_CLICK_REASONS = [
    (re.compile(r"'(?P<value>.*)' is not a valid (?:integer|int range)\.?"), N_("{value!r} is not a whole number")),
    (re.compile(r"'(?P<value>.*)' is not a valid float(?: range)?\.?"), N_("{value!r} is not a number")),
    (re.compile(r"(?P<value>-?[\d.]+) is not in the range (?P<range>.+?)\.?"), N_("{value} is not in the range {range}")),
    (re.compile(r"'(?P<value>.*)' is not one of (?P<choices>.+?)\.?"), N_("{value!r} is not one of {choices}")),
]
# The words of Typer's help page that go through gettext (Options, Arguments, Commands).
HELP_WORDS = (N_("Options"), N_("Arguments"), N_("Commands"), N_("Usage: "), N_("Show this message and exit."),
              N_("default: {default}"), N_("required"), N_("Aborted!"),
              # Typer's shell-completion options
              N_("Install completion for the current shell."),
              N_("Show completion for the current shell, to copy it or customize the installation."))


def usage_error(message: str) -> str:
    """Click's usage error in the interface language ("Missing argument 'WHO'." → 缺少参数 WHO)."""
    from kehu.i18n import language

    if language() == "en":
        return message  # Click's own English, which scripts may already match
    text, _sep, hint = message.strip().partition(" Did you mean ")
    for pattern, sentence in _USAGE_ERRORS:
        if m := pattern.fullmatch(text.strip()):
            if m.groupdict().get("reason") is None and "{reason}" in sentence:
                sentence = N_("no such option: {name}")
            translated = _(sentence).format(name=m["name"], reason=_click_reason(m.groupdict().get("reason") or ""))
            return translated + (_("; did you mean {hint}").format(hint=hint.rstrip("?").strip("'")) if hint else "")
    return message


def _click_reason(reason: str) -> str:
    for pattern, sentence in _CLICK_REASONS:
        if m := pattern.fullmatch(reason.strip()):
            return _(sentence).format(**m.groupdict())
    return reason


def localise_help() -> None:
    """Translate the "Usage:" prefix and the --help option's help, which Click keeps in English."""
    try:
        from typer._click import core, formatting
    except ImportError:  # an older Typer on real Click, whose words go through gettext already
        return
    write_usage = formatting.HelpFormatter.write_usage

    def translated_usage(self, prog, args="", prefix=None):
        return write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    get_params = core.Command.get_params

    def translated_params(self, ctx):
        params = get_params(self, ctx)
        for param in params:  # --help, --install-completion: Typer's own English
            if getattr(param, "help", None):
                param.help = _(param.help)
        return params

    import typer.core

    typer.core._ = _  # Typer's own words (Options, Arguments, [required]) go through kehu's catalogue
    formatting.HelpFormatter.write_usage = translated_usage
    core.Command.get_params = translated_params
