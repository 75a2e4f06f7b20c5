// A few WebAssembly instructions and the module layout, enough to write small numeric kernels
// out byte by byte (no build step). Each kernel's file says what its loops compute.

export const i32 = 0x7f;
export const f32 = 0x7d;
export const f64 = 0x7c;
export const v128 = 0x7b;

export function uleb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

export function sleb(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

export const get = (local: number) => [0x20, ...uleb(local)];
export const set = (local: number) => [0x21, ...uleb(local)];
export const i32Const = (value: number) => [0x41, ...sleb(value)];
export const add = [0x6a];
export const mul = [0x6c];
export const and = [0x71];
export const shl = [0x74];
export const geS = [0x4e];
export const geU = [0x4f];
export const i32Load = [0x28, 2, 0];
export const f32Load = [0x2a, 2, 0];
export const f32Store = [0x38, 2, 0];
export const f32Add = [0x92];
export const f32Zero = [0x43, 0, 0, 0, 0];
export const f64Add = [0xa0];
export const f64Mul = [0xa2];
export const f64Load = [0x2b, 3, 0];
export const f64Store = [0x39, 3, 0];
export const v128Load = (offset = 0) => [0xfd, 0x00, 3, ...uleb(offset)];
export const v128Store = [0xfd, 0x0b, 3, 0];
export const v128Zero = [0xfd, 0x0c, ...new Array(16).fill(0)];
export const f64x2Splat = [0xfd, 0x14];
export const lane = (index: number) => [0xfd, 0x21, index];
export const f32x4Add = [0xfd, 0xe4, 0x01];
export const f64x2Add = [0xfd, 0xf0, 0x01];
export const f64x2Mul = [0xfd, 0xf2, 0x01];

/** while (!(exitCondition)) body */
export const whileNot = (exitCondition: number[], body: number[]) => [
  0x02,
  0x40,
  0x03,
  0x40,
  ...exitCondition,
  0x0d,
  1,
  ...body,
  0x0c,
  0,
  0x0b,
  0x0b,
];

export const increment = (local: number, by: number) => [...get(local), ...i32Const(by), ...add, ...set(local)];

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function name(text: string): number[] {
  return [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
}

export interface WasmFunction {
  name: string;
  /** types of the locals after the parameters */
  locals: number[];
  code: number[];
}

/**
 * A module that imports its memory as env.memory and exports `functions`, each taking
 * `parameters` i32 arguments and returning nothing.
 */
export function wasmModule(parameters: number, functions: WasmFunction[]): Uint8Array<ArrayBuffer> {
  const bodies = functions.flatMap(({ locals, code }) => {
    const body = [...uleb(locals.length), ...locals.flatMap((type) => [1, type]), ...code, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, ...uleb(parameters), ...new Array(parameters).fill(i32), 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]),
    ...section(3, [...uleb(functions.length), ...functions.map(() => 0)]),
    ...section(7, [...uleb(functions.length), ...functions.flatMap((f, index) => [...name(f.name), 0x00, index])]),
    ...section(10, [...uleb(functions.length), ...bodies]),
  ]);
}

/** The compiled module, or null where WebAssembly SIMD is not available. */
export function compileSimd(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module | null {
  return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
}
