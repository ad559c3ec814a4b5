//! WebAssembly build of env-contract: the core behind the npm package's Edge, Worker and
//! browser entries, and the Node entry's fallback when no native binary fits.
//!
//! A plain C ABI, no generated glue (docs/node.md, "The WebAssembly build", says why): the
//! module imports nothing, so every runtime instantiates it synchronously with
//! `new WebAssembly.Instance(module, {})`. Text crosses as UTF-8 in the module's memory: the JS
//! side gets a buffer with [`ec_alloc`], writes a request into it and calls an export, which
//! takes the buffer back, runs core and leaves its JSON answer for [`ec_out_ptr`] and
//! [`ec_out_len`] to read (valid until the next call).
//!
//! The exports mirror the Node addon's (`check`, `renderDocs`, `problemCodes`), so the JS layer
//! builds one public API over either. A Rust panic traps (`wasm32-unknown-unknown` aborts on
//! panic): the hook leaves its location (never its payload) for [`ec_panic_ptr`]/
//! [`ec_panic_len`], and the JS side throws core's fixed internal error ([`ec_internal`]) and
//! starts a fresh instance, since a trapped one may hold a lock.

#![allow(unsafe_code)]

mod abi;
mod calls;

pub use abi::*;
