//! `env-contract docs`: the Markdown reference, a `.env.example`, or TypeScript types.

use super::args::{DocsArgs, DocsFormatArg};
use super::{CmdResult, EXIT_OK, Io, load_contract, write_out};
use crate::docs::{DocsFormat, render};

pub(super) fn run(a: &DocsArgs, io: &mut Io<'_>) -> CmdResult {
    let contract = load_contract(&a.contract)?;
    let format = match a.format {
        DocsFormatArg::Markdown => DocsFormat::Markdown,
        DocsFormatArg::EnvExample => DocsFormat::EnvExample,
        DocsFormatArg::Dts => DocsFormat::Dts,
    };
    write_out(a.out.as_deref(), &render(&contract, format), io)?;
    Ok(EXIT_OK)
}
