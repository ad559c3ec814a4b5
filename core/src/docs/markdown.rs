//! The Markdown reference of a contract.

use super::words::{constraints, examples, required_words, show, type_words, warn_in};
use crate::contract::{Contract, VarSpec};
use crate::presets;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// GitHub's anchor for a heading made of a code span: lowercase, `_` and `-` kept.
fn anchor(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            'a'..='z' | '0'..='9' | '_' | '-' => Some(c),
            ' ' => Some('-'),
            _ => None,
        })
        .collect()
}

/// Escapes text for a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub(super) fn render(contract: &Contract) -> String {
    let mut s = String::new();
    let title = contract.title().unwrap_or("env.contract.json");
    let _ = writeln!(s, "# Environment variables: {title}\n");
    let _ = writeln!(
        s,
        "<!-- Generated from the contract by `env-contract docs --format markdown`. Do not edit by hand. -->\n"
    );
    if let Some(d) = contract.description() {
        let _ = writeln!(s, "{d}\n");
    }
    intro(contract, &mut s);

    // Summary table.
    let vars: Vec<&VarSpec> = contract.vars().collect();
    if !vars.is_empty() {
        let _ = writeln!(s, "| Variable | Type | Required | Secret | Default |");
        let _ = writeln!(s, "|---|---|---|---|---|");
        for v in &vars {
            let req = required_words(contract, &v.name).unwrap_or_else(|| "no".to_string());
            let secret = if v.secret {
                "yes"
            } else if v.client {
                "no (client)"
            } else {
                "no"
            };
            let default = v.default.as_ref().map_or_else(|| "—".to_string(), |d| format!("`{}`", show(d)));
            let _ = writeln!(
                s,
                "| [`{}`](#{}) | {} | {} | {secret} | {} |",
                v.name,
                anchor(&v.name),
                cell(&type_words(v)),
                cell(&req),
                cell(&default)
            );
        }
        s.push('\n');
    }

    let _ = writeln!(s, "## Variables\n");
    if vars.is_empty() {
        let _ = writeln!(s, "The contract declares no variables.\n");
    }
    for v in &vars {
        variable(contract, v, &mut s);
    }
    // Variables only a profile declares.
    let mut profile_only = BTreeSet::new();
    for p in contract.profiles() {
        for name in p.vars.keys() {
            if contract.var(name).is_none() {
                profile_only.insert(name.clone());
            }
        }
    }
    for name in &profile_only {
        if let Some(spec) = contract.profiles().find_map(|p| p.vars.get(name)) {
            variable(contract, spec, &mut s);
        }
    }

    if !contract.families().is_empty() {
        let _ = writeln!(s, "## Families of variables\n");
        let _ =
            writeln!(s, "Every variable whose name matches one of these patterns is checked like a declared one.\n");
        for f in contract.families() {
            let _ = writeln!(s, "### `{}`\n", f.pattern);
            facts(&f.spec, None, &mut s);
            s.push('\n');
        }
    }

    presets_section(contract, &mut s);
    s
}

fn intro(contract: &Contract, s: &mut String) {
    let from = contract.environment_from.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let _ = writeln!(
        s,
        "The environment is the one given explicitly (`--environment`, the `environment` option), else the first non-empty of {from}, else `development`."
    );
    let profiles: Vec<String> = contract.profiles().map(|p| format!("`{}`", p.name)).collect();
    if !profiles.is_empty() {
        let _ = writeln!(s, "Environments with their own rules: {}.", profiles.join(", "));
    }
    let prefixes = contract.client_prefixes.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
    if !prefixes.is_empty() {
        let _ = writeln!(
            s,
            "Variables named with a client prefix ({prefixes}) are shipped to the browser: they must never hold a secret."
        );
    }
    let _ = writeln!(
        s,
        "Secret variables are never printed by env-contract; an empty value counts as not set unless the contract says otherwise.\n"
    );
}

fn variable(contract: &Contract, v: &VarSpec, s: &mut String) {
    let _ = writeln!(s, "### `{}`\n", v.name);
    if let Some(d) = &v.description {
        let _ = writeln!(s, "{d}\n");
    }
    let required = required_words(contract, &v.name);
    facts(v, Some(required.as_deref().unwrap_or("no")), s);
    let warn = warn_in(contract, &v.name);
    if !warn.is_empty() {
        let envs = warn.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", ");
        let _ = writeln!(s, "- **Only a warning in:** {envs}");
    }
    // What a profile adds.
    let base: BTreeSet<String> = constraints(&v.schema).into_iter().collect();
    for p in contract.profiles() {
        if let Some(ps) = p.vars.get(&v.name) {
            if contract.var(&v.name).is_none() {
                continue;
            }
            let extra: Vec<String> = constraints(&ps.schema).into_iter().filter(|c| !base.contains(c)).collect();
            if !extra.is_empty() {
                let _ = writeln!(s, "- **In `{}`:** {}", p.name, extra.join("; "));
            }
        }
    }
    s.push('\n');
}

/// The bullet list of facts about one variable (or family).
fn facts(v: &VarSpec, required: Option<&str>, s: &mut String) {
    let _ = writeln!(s, "- **Type:** {}", type_words(v));
    if let Some(r) = required {
        let _ = writeln!(s, "- **Required:** {r}");
    }
    let c = constraints(&v.schema);
    if !c.is_empty() {
        let _ = writeln!(s, "- **Constraints:** {}", c.join("; "));
    }
    if v.secret {
        let _ = writeln!(s, "- **Secret:** yes (never printed; must not be copied into a client variable)");
    }
    if v.client {
        let _ = writeln!(s, "- **Client:** yes (shipped to the browser; public by design)");
    }
    if let Some(d) = &v.default {
        let _ = writeln!(s, "- **Default:** `{}`", show(d));
    }
    if let Some(p) = &v.preset {
        let _ = writeln!(s, "- **Preset:** [`env-contract:{p}`](#preset-{})", anchor(p));
    }
    if let Some(n) = &v.deprecated_by {
        let _ = writeln!(s, "- **Deprecated:** use `{n}` instead");
    }
    let ex = examples(&v.schema);
    if !ex.is_empty() {
        let _ = writeln!(s, "- **Examples:** {}", ex.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(", "));
    }
}

fn presets_section(contract: &Contract, s: &mut String) {
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for v in contract.vars() {
        if let Some(p) = &v.preset {
            used.insert(p.as_str());
        }
    }
    for p in contract.profiles() {
        for v in p.vars.values() {
            if let Some(p) = &v.preset {
                used.insert(p.as_str());
            }
        }
    }
    for f in contract.families() {
        if let Some(p) = &f.spec.preset {
            used.insert(p.as_str());
        }
    }
    let _ = writeln!(s, "## Built-in presets\n");
    let _ = writeln!(
        s,
        "A variable reuses a preset with `{{\"$ref\": \"env-contract:NAME\"}}`; its own keywords apply on top.\n"
    );
    for preset in presets::all() {
        let mark = if used.contains(preset.name) { " Used by this contract." } else { "" };
        let _ = writeln!(s, "<a id=\"preset-{}\"></a>\n", anchor(preset.name));
        let _ = writeln!(s, "### `env-contract:{}`\n", preset.name);
        let _ = writeln!(s, "{}{mark}\n", preset.summary);
        let schema = serde_json::to_string(&preset.schema).unwrap_or_default();
        let _ = writeln!(s, "```json\n{schema}\n```\n");
    }
}
