fn main() {
    // napi-build's Windows GNU setup links against a MinGW `libnode.dll`, which the official
    // Node.js for Windows does not ship. Our Windows addon is built for that official node.exe:
    // napi's `dyn-symbols` feature resolves the N-API functions from the host process at load,
    // so nothing needs linking, and the setup is skipped there.
    let windows_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if !windows_gnu {
        napi_build::setup();
    }
}
