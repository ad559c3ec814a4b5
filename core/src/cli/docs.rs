//! `env-contract docs`: the Markdown reference, a `.env.example`, or TypeScript types.

use super::args::DocsArgs;
use super::{CmdResult, EXIT_OK, Io, load_contract, write_out};
use crate::docs::render;

pub(super) fn run(a: &DocsArgs, io: &mut Io<'_>) -> CmdResult {
    let contract = load_contract(&a.contract)?;
    write_out(a.out.as_deref(), &render(&contract, a.format), io)?;
    Ok(EXIT_OK)
}
