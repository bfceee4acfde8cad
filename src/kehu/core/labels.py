"""The words kehu stores (channels, stages, outcomes, lost reasons) as the reader's language
says them. The stored value stays English: it is what `--json`, exports and scripts read."""

from __future__ import annotations

from kehu.i18n import N_, _

# English shows the stored word itself; the catalogue gives the other languages theirs.
CHANNELS = {c: c for c in (N_("call"), N_("visit"), N_("wechat"), N_("sms"), N_("email"), N_("meeting"),
                           N_("gift"), N_("card"), N_("social"), N_("other"))}
STAGES = {s: s for s in (N_("lead"), N_("pursuing"), N_("won"), N_("lost"), N_("paused"), N_("maintenance"))}
OUTCOMES = {o: o for o in (N_("good"), N_("neutral"), N_("bad"), N_("none"))}
LOST_REASONS = {r: r for r in (N_("died"), N_("moved"), N_("competitor"), N_("influence"), N_("price"),
                               N_("complaint"), N_("neglect"), N_("other"))}


def channel(value: str | None) -> str:
    return _(CHANNELS[value]) if value in CHANNELS else value or ""


def stage(value: str | None) -> str:
    return _(STAGES[value]) if value in STAGES else value or ""


def outcome(value: str | None) -> str:
    return _(OUTCOMES[value]) if value in OUTCOMES else value or ""


def lost_reason(value: str | None) -> str:
    return _(LOST_REASONS[value]) if value in LOST_REASONS else value or ""


# Key accounts (core.accounts): the stages, quadrants and roles read in full in English too.
ACCOUNT_STAGES = {"pre": N_("pre-KAM"), "early": N_("early KAM"), "mid": N_("mid KAM"),
                  "partnership": N_("partnership"), "synergy": N_("synergy")}
QUADRANTS = {"key": N_("key account"), "develop": N_("develop"), "maintain": N_("maintain"),
             "opportunistic": N_("opportunistic")}
ROLES = {"decision": N_("decision maker"), "rule": N_("rule maker"), "user": N_("user"), "gatekeeper": N_("gatekeeper")}
STYLES = {s: s for s in (N_("analytical"), N_("driver"), N_("amiable"), N_("expressive"))}


def account_stage(value: str | None) -> str:
    return _(ACCOUNT_STAGES[value]) if value in ACCOUNT_STAGES else value or ""


def quadrant(value: str | None) -> str:
    return _(QUADRANTS[value]) if value in QUADRANTS else value or ""


def role(value: str | None) -> str:
    return _(ROLES[value]) if value in ROLES else value or ""


def style(value: str | None) -> str:
    return _(STYLES[value]) if value in STYLES else value or ""
