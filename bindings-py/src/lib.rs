//! Python extension of env-contract.
