//! Node.js addon of env-contract.
