//! The leak rules over real example env files (`tests/corpus/env-examples/`, MIT and Apache-2.0
//! files copied unedited): public-by-design values must not be reported as leaks.

use env_contract::envfile::read_dotenv;
use env_contract::{CheckOptions, Code, Contract, Env, Severity};
use serde_json::json;
use std::path::PathBuf;

fn corpus() -> Vec<(String, Env)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus/env-examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "env"))
        .collect();
    files.sort();
    assert!(files.len() >= 7, "expected the corpus files, found {}", files.len());
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let env = read_dotenv(&p).unwrap_or_else(|e| panic!("{e}"));
            (name, env)
        })
        .collect()
}

/// A contract that declares nothing and lets every variable through.
fn permissive() -> Contract {
    Contract::from_value(&json!({ "type": "object" })).expect("the permissive contract loads")
}

/// Every file as it is: no client variable gives an error (leaks included), in production or
/// in development.
#[test]
fn client_variables_of_the_corpus_give_no_error() {
    let contract = permissive();
    let mut client_values = 0;
    for (file, env) in corpus() {
        client_values += env.iter().filter(|(k, v)| k.starts_with("NEXT_PUBLIC_") && !v.is_empty()).count();
        for environment in ["production", "development"] {
            let outcome = contract.check(&env, &CheckOptions::environment(environment));
            for p in &outcome.report.problems {
                assert!(p.code != Code::ClientSecretLeak, "{file}: {:?} {}: {}", p.var, p.code, p.message);
                assert!(p.severity != Severity::Error, "{file}: {:?} {}: {}", p.var, p.code, p.message);
            }
        }
    }
    // The corpus holds real client values (a Supabase anon JWT among them): the test is not empty.
    assert!(client_values >= 5, "only {client_values} non-empty client values in the corpus");
}

/// The Supabase CLI demo anon key of vercel/nextjs-subscription-payments: a complete JWT whose
/// role is `anon`, public by design.
#[test]
fn the_supabase_anon_jwt_of_the_corpus_is_public() {
    let (_, env) = corpus()
        .into_iter()
        .find(|(f, _)| f.starts_with("vercel__nextjs-subscription-payments"))
        .expect("the subscription-payments file");
    let anon = env.get("NEXT_PUBLIC_SUPABASE_ANON_KEY").expect("the anon key");
    assert!(anon.starts_with("eyJ") && anon.matches('.').count() == 2, "a JWT");
    assert_eq!(env_contract::rules::patterns::jwt_role(anon).as_deref(), Some("anon"));
    assert!(env_contract::rules::patterns::find_secret(anon).is_none());
}

/// Every variable of the corpus moved behind the client prefix: the values that are public by
/// design or placeholders give no leak. What is reported is a real secret shape for a browser:
/// a URL with a (dev) password, which a client variable must never hold.
#[test]
fn every_corpus_value_as_a_client_variable() {
    let contract = permissive();
    for (file, env) in corpus() {
        let client: Env = env
            .iter()
            .map(|(k, v)| (format!("NEXT_PUBLIC_{}", k.trim_start_matches("NEXT_PUBLIC_")), v.clone()))
            .collect();
        let outcome = contract.check(&client, &CheckOptions::environment("production"));
        for p in outcome.report.problems.iter().filter(|p| p.code == Code::ClientSecretLeak) {
            let var = p.var.as_deref().unwrap_or("");
            let value = &client[var];
            let url_password = value.contains("://") && value.contains('@');
            assert!(url_password, "{file}: {var} reported as a leak: {}", p.message);
        }
    }
}
