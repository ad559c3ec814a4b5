/* A stand-in for Windows' bcryptprimitives.dll, for the release tests under wine only.
 *
 * Rust's standard library asks bcryptprimitives.dll for ProcessPrng, which every Windows 10 and
 * later has; Debian 12's wine 8 does not ship that DLL, so no Rust program starts there. This
 * gives wine the one function, over the same system random source (RtlGenRandom). It is never
 * shipped: scripts/dist/runners.sh builds it next to the wine-run node.exe and CLI. */
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    return RtlGenRandom(data, (ULONG)len);
}
