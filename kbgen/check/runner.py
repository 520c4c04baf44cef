"""Run every enabled rule over the knowledge base and collect the findings."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kbgen.check.config import RuleSettings, resolve_settings
from kbgen.check.context import CheckContext
from kbgen.check.registry import Rule, all_rules, families
from kbgen.check.suppress import Suppressions, read_suppressions
from kbgen.content import languages
from kbgen.content.loader import collect_kb
from kbgen.content.model import Problem
from kbgen.i18n import load_catalog

# The build refuses content errors whatever the settings say, so they cannot be excused.
ALWAYS_ON = ("content", "config")


@dataclass
class CheckReport:
    findings: list[Problem]
    rules: list[str] = field(default_factory=list)  # the rules that ran
    articles: int = 0
    notes: list[str] = field(default_factory=list)  # rules that could not judge, and why

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.findings if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.findings if p.severity != "error"]

    def failed(self, strict: bool) -> bool:
        return bool(self.errors or (strict and self.warnings))


def _plugin_options(config: Any) -> dict[str, Any]:
    plugin = config.plugins.get("kbgen") if config is not None else None
    options = getattr(getattr(plugin, "config", None), "check", None)
    return dict(options or {})


def _unknown_names(
    doc_path: Path, mentioned: list[tuple[int, str]], known: set[str]
) -> list[Problem]:
    problems = []
    for line, name in mentioned:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
            problems.append(
                Problem(
                    doc_path,
                    line,
                    f"kbgen check has no rule '{name}' to ignore",
                    f"did you mean '{close[0]}'?" if close else "run 'kbgen check --list-rules'",
                    rule="config",
                )
            )
    return problems


def check_kb(
    docs_dir: Path,
    *,
    options: dict[str, Any] | None = None,
    config_file: Path | None = None,
    mkdocs_config: Any = None,
) -> CheckReport:
    """Check the knowledge base in `docs_dir` with the given `check:` options."""
    rules = all_rules()
    groups = families(rules)
    settings, problems = resolve_settings(options or {}, rules, config_file)
    for rule_id in ALWAYS_ON:
        if rule_id in settings and not settings[rule_id].enabled:
            settings[rule_id] = RuleSettings(True, settings[rule_id].severity, {})
            problems.append(
                Problem(
                    config_file or Path("mkdocs.yml"),
                    1,
                    f"'{rule_id}' cannot be switched off: the build refuses these mistakes",
                    f"remove '{rule_id}' from the check settings",
                    rule="config",
                )
            )
    kb, load_problems = collect_kb(
        docs_dir, languages.from_config(mkdocs_config) if mkdocs_config is not None else None
    )
    theme = getattr(mkdocs_config, "theme", None)
    strings, string_problems = load_catalog(theme and theme.get("language"), docs_dir)
    extensions = list(getattr(mkdocs_config, "markdown_extensions", None) or [])
    mdx_configs = dict(getattr(mkdocs_config, "mdx_configs", None) or {})
    contexts = [
        CheckContext(
            kb,
            load_problems + string_problems,
            config_file,
            extensions,
            mdx_configs,
            strings=strings,
        )
    ]
    # Each translation is checked like the default language, in its own language (reading
    # grade, tone, its glossary and search tests); loading it was checked above.
    for lang, translation in kb.translations.items():
        if translation.entries:
            lang_strings, lang_problems = load_catalog(lang, docs_dir)
            contexts.append(
                CheckContext(
                    translation,
                    lang_problems,
                    config_file,
                    extensions,
                    mdx_configs,
                    strings=lang_strings,
                    original=kb,
                )
            )
    suppressions = Suppressions()
    known = set(rules) | set(groups)
    for doc in (doc for ctx in contexts for doc in ctx.documents):
        problems += _unknown_names(doc.path, read_suppressions(doc, suppressions), known)
        check_value = doc.front.data.get("check")
        if check_value is not None and not (
            isinstance(check_value, dict) and set(check_value) <= {"ignore"}
        ):
            problems.append(
                Problem(
                    doc.path,
                    doc.front.key_lines.get("check", 1),
                    "'check' takes only 'ignore', a list of rules",
                    "write 'check: {ignore: [reading-grade]}'",
                    rule="config",
                )
            )
    ran = []
    for rule in rules.values():
        setting = settings[rule.id]
        if not setting.enabled:
            continue
        ran.append(rule.id)
        for ctx in contexts:
            for problem in rule.check(ctx, setting.options):
                problems.append(_finish(problem, rule, setting))
    findings = [
        p
        for p in dict.fromkeys(problems)
        if p.rule in ALWAYS_ON or not suppressions.excuses(p, groups)
    ]
    findings.sort(key=lambda p: (str(p.path), p.line, p.rule, p.message))
    articles = sum(len(ctx.kb.entries) for ctx in contexts)
    return CheckReport(findings, ran, articles, [n for ctx in contexts for n in ctx.notes])


def _finish(problem: Problem, rule: Rule, setting: RuleSettings) -> Problem:
    """Stamp the rule's id and the severity the owner chose (content keeps its own)."""
    severity = setting.severity
    if rule.id == "content" and setting.severity == rule.severity:
        severity = problem.severity
    rule_id = rule.id if problem.rule == "content" else problem.rule
    return replace(problem, rule=rule_id, severity=severity)


def run_checks(config_file: Path) -> CheckReport:
    """Check the knowledge base of the site configured in `config_file` (mkdocs.yml).

    Raises kbgen.site.build.BuildError when the settings file is missing or invalid.
    """
    from kbgen.site.build import load_site_config

    config = load_site_config(config_file)
    return check_kb(
        Path(config.docs_dir),
        options=_plugin_options(config),
        config_file=config_file,
        mkdocs_config=config,
    )
