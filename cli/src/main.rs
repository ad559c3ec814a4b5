//! The `env-contract` binary: a thin `main()` over `env_contract::cli::run`.

#![forbid(unsafe_code)]

fn main() {
    let code = env_contract::cli::run(std::env::args_os().collect());
    std::process::exit(code);
}
