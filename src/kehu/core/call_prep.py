"""Preparing a call with someone at an account (`kehu prep`): how to talk to their social style,
what their role in the decision asks of you, and SPIN questions (Situation, Problem,
Implication, Need-payoff; DOMAIN.md §6) filled from what the notes already say.

Pure. The sentences are marked for translation here and translated where they are shown; a
template the user wrote in the config is used as written.
"""

from __future__ import annotations

from kehu.i18n import N_, _

# Social styles (DOMAIN.md §6): what each needs from you.
STYLE_ADVICE = {
    "analytical": N_("Analytical: bring facts, numbers and the detail in writing; give them time to check, "
                     "and don't push for a quick yes."),
    "driver": N_("Driver: be short and start with the goal and the result; offer two or three options and let "
                 "them decide."),
    "amiable": N_("Amiable: the relationship first: be personal and patient, and ask them to introduce you to "
                  "others in the account."),
    "expressive": N_("Expressive: let them talk and show that you listen; share the big picture and offer the "
                     "high-end option."),
}
ROLE_ADVICE = {
    "decision": N_("Decision maker: talk about business results, and keep them informed at every stage."),
    "rule": N_("Rule maker: sets the criteria and specifications; check that your offer fits them."),
    "user": N_("User: lives with what you sell every day; ask what gets in their way and keep them satisfied."),
    "gatekeeper": N_("Gatekeeper: controls access and information; respect them and keep them on your side."),
}
NO_STYLE = N_("Style not known yet: watch how they talk (facts, pace, warmth) and set it with "
              "kehu edit WHO --style analytical|driver|amiable|expressive.")

SPIN_KEYS = ("situation", "problem", "implication", "need_payoff")
SPIN_FIELDS = ("name", "account", "role", "last_note", "promise")
DEFAULT_SPIN = {
    "situation": N_("How are things at {account} now, and who besides {name} takes part in the decision?"),
    "problem": N_("Last time we talked about {last_note}: what is still not working there?"),
    "implication": N_("If that stays as it is, what does it cost {account} over the next few months?"),
    "need_payoff": N_("If we {promise}, what would that be worth to you and your team?"),
}
# What a template says where the notes have nothing yet.
NO_NOTE = N_("your current set-up")
NO_PROMISE = N_("solve that")
NO_ACCOUNT = N_("your company")


def spin_templates(settings) -> dict[str, str]:
    """The four templates in use: the config's, else kehu's own in the reader's language."""
    return {k: settings.spin.get(k) or _(DEFAULT_SPIN[k]) for k in SPIN_KEYS}


def spin_prompts(settings, *, name: str, account: str | None, role: str | None, last_note: str | None,
                 promise: str | None) -> dict[str, str]:
    """The SPIN questions for one call, each template filled from the notes."""
    from kehu.core import labels

    values = {"name": name, "account": account or _(NO_ACCOUNT), "role": labels.role(role) if role else "",
              "last_note": _short(last_note) or _(NO_NOTE), "promise": _short(promise) or _(NO_PROMISE)}
    return {k: template.format(**values) for k, template in spin_templates(settings).items()}


def style_advice(style: str | None) -> str:
    """How to talk to this social style, in the reader's language."""
    return _(STYLE_ADVICE[style]) if style in STYLE_ADVICE else _(NO_STYLE)


def role_advice(role: str | None) -> str | None:
    """What their role in the decision asks of you, or None when it is not known."""
    return _(ROLE_ADVICE[role]) if role in ROLE_ADVICE else None


def _short(text: str | None, limit: int = 60) -> str | None:
    """The first line of a note, cut at `limit` characters: a question quotes it, not the essay."""
    if not text or not text.strip():
        return None
    line = text.strip().splitlines()[0].strip().rstrip("。.!！?？")
    return line if len(line) <= limit else line[: limit - 1] + "…"
