pub(crate) mod pattern;
