//! Files read by the front instead of core (`env_contract::files`, what the WebAssembly build
//! does in Node): every shared case given by file (composition included) and every shared
//! env-file case gives the same answer through `api::check_json` when the front sends the
//! files and answers core's `need` rounds as when core reads them itself.

#[path = "support/env_files.rs"]
mod env_file_cases;
mod support;

use serde_json::{Value, json};
use std::path::Path;

/// What `bindings-node/index.js`'s `readFile` sends for a path.
fn host_file(path: &str, real: bool) -> Value {
    let mut file = json!({ "path": path });
    match std::fs::read(path) {
        Ok(bytes) => file["bytes"] = bytes.iter().map(|b| char::from(*b)).collect::<String>().into(),
        Err(_) if Path::new(path).is_dir() => file["dir"] = true.into(),
        Err(_) if std::fs::symlink_metadata(path).is_err() => file["missing"] = true.into(),
        Err(e) => file["error"] = e.to_string().into(),
    }
    if real && file.get("missing").is_none() {
        match std::fs::canonicalize(path) {
            Ok(r) => file["real"] = r.display().to_string().into(),
            Err(_) => file["missing"] = true.into(),
        }
    }
    file
}

/// The answer to `request` with the files sent by the front, `need` rounds answered as
/// `bindings-node/api.js` answers them (each path asked for at most once).
fn hosted(mut request: Value, env_files: &[String]) -> (Value, usize) {
    let mut files: Vec<Value> = env_files.iter().map(|f| host_file(f, false)).collect();
    if let Some(p) = request["contract"]["path"].as_str() {
        files.insert(0, host_file(p, false));
    }
    let mut asked = std::collections::HashSet::new();
    for round in 1.. {
        request["files"] = files.clone().into();
        let out: Value = serde_json::from_str(&env_contract::api::check_json(&request.to_string(), None)).unwrap();
        let Some(need) = out.get("need") else { return (out, round) };
        for p in need.as_array().unwrap() {
            let p = p.as_str().unwrap().to_string();
            assert!(asked.insert(p.clone()), "core asked twice for {p}");
            files.push(host_file(&p, true));
        }
        assert!(round < 200, "too many rounds");
    }
    unreachable!()
}

fn native(request: &Value) -> Value {
    serde_json::from_str(&env_contract::api::check_json(&request.to_string(), None)).unwrap()
}

/// The answers without what this process prints once (the same notice is not given twice).
fn comparable(mut out: Value) -> Value {
    if let Some(o) = out.as_object_mut() {
        o.remove("notice");
        o.remove("log");
        // A handle into the process's cache, not a result: another test clearing the cache
        // between the two calls gives the same text a new one.
        o.remove("contractId");
    }
    out
}

#[test]
fn every_case_given_by_file_answers_the_same_with_hosted_files_and_a_warm_check_in_two_rounds() {
    let mut composed = 0;
    let mut count = 0;
    for case in support::load_cases() {
        let Some(file) = &case.contract_file else { continue };
        let path = case.dir.join(file).display().to_string();
        let mut request = json!({ "contract": { "path": path }, "env": case.env(), "values": true });
        if let Some(e) = &case.environment {
            request["environment"] = e.clone().into();
        }
        if let Some(p) = &case.phase {
            request["phase"] = p.clone().into();
        }
        let want = native(&request);
        // Compiled afresh from the hosted files, not found in the cache the native call filled.
        env_contract::cache::clear();
        let (got, rounds) = hosted(request, &[]);
        assert_eq!(comparable(got), comparable(want), "{}", case.name);
        if rounds > 1 {
            composed += 1;
        }
        count += 1;
    }
    assert!(count >= 8 && composed >= 5, "{count} cases by file, {composed} composed");

    // (In the same test: the cache is process-wide.) A warm composed check takes two rounds.
    env_contract::cache::clear();
    let dir = support::cases_dir().join("compose/web");
    let path = dir.join("env.contract.json").display().to_string();
    let request = json!({ "contract": { "path": path }, "env": {} });
    let (_, first) = hosted(request.clone(), &[]);
    assert!(first >= 3, "{first} rounds");
    let (_, again) = hosted(request.clone(), &[]);
    assert_eq!(again, 2, "the cache asks for every file taken in at once");
    let gone = json!({ "contract": { "path": dir.join("nope.json").display().to_string() }, "env": {} });
    let (out, rounds) = hosted(gone.clone(), &[]);
    assert_eq!((rounds, &out["error"], &out["kind"]), (1, &"contract".into(), &"io".into()), "{out}");
    assert_eq!(out["location"]["file"], native(&gone)["location"]["file"]);
}

#[test]
fn every_env_file_case_answers_the_same_with_hosted_files() {
    let cases = env_file_cases::load();
    for case in &cases {
        let dir = std::env::temp_dir().join(format!("env-contract-hosted-{}-{}", std::process::id(), case.name));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let files: Vec<String> = case.write_files(&dir).iter().map(|p| p.display().to_string()).collect();
        let request = json!({
            "contract": { "text": case.contract().to_string() },
            "env": case.env.clone().unwrap_or_default(),
            "envFiles": files,
            "envExpand": case.expand,
        });
        let want = native(&request);
        let (got, rounds) = hosted(request, &files);
        assert_eq!(rounds, 1, "{}: env files are sent with the request", case.name);
        assert_eq!(comparable(got), comparable(want), "{}", case.name);
        std::fs::remove_dir_all(&dir).unwrap();
    }
    assert!(cases.len() >= 15);
}

#[test]
fn a_directory_and_bytes_that_are_not_utf8_are_core_s_errors_with_hosted_files() {
    let dir = std::env::temp_dir().join(format!("env-contract-hosted-bytes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.env");
    std::fs::write(&bad, b"A=1\nB=\xff\n").unwrap();
    for env_file in [bad.display().to_string(), dir.display().to_string()] {
        let request = json!({ "contract": { "text": "{}" }, "env": {}, "envFiles": [env_file] });
        let (got, _) = hosted(request.clone(), std::slice::from_ref(&env_file));
        assert_eq!(got["error"], "env-file", "{got}");
        assert_eq!(comparable(got), comparable(native(&request)));
    }
    let request = json!({ "contract": { "path": dir.display().to_string() }, "env": {} });
    let (got, _) = hosted(request.clone(), &[]);
    assert_eq!(comparable(got), comparable(native(&request)));
    std::fs::remove_dir_all(&dir).unwrap();
}
