/**
 * A kernel module from its base64 bytes (a kernels/*.wasm.ts), or null where this runtime lacks
 * WebAssembly SIMD: callers then keep their JavaScript loops, which compute the same values.
 */
export function compileSimd(base64: string): WebAssembly.Module | null {
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
  return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
}
