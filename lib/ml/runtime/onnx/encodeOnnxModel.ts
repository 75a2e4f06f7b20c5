/*
 * Just enough of the ONNX protobuf format to write the small compute graphs Portrait builds in
 * code (k-means, EASE, the device probe). onnx-proto is only a dev dependency, and a writer for
 * the handful of messages used here is shorter than a generated one: field numbers are those of
 * onnx/onnx.proto (IR version 8).
 */

export const onnxType = { float: 1, int32: 6, int64: 7, double: 11 } as const;
export type OnnxElementType = (typeof onnxType)[keyof typeof onnxType];

export interface OnnxTensor {
  name: string;
  dims: number[];
  type: OnnxElementType;
  /** little-endian raw values */
  raw: Uint8Array;
}

export type OnnxAttribute =
  | { name: string; int: number }
  | { name: string; float: number }
  | { name: string; ints: number[] }
  | { name: string; tensor: OnnxTensor };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: OnnxAttribute[];
  domain?: string;
}

export interface OnnxValue {
  name: string;
  type: OnnxElementType;
  /** a number, or a name for a dimension given at run time */
  dims: (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  initializers?: OnnxTensor[];
  /** default opset 17 */
  opset?: number;
}

class Writer {
  private chunks: number[] = [];

  varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.chunks.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.chunks.push(Number(v));
  }

  key(field: number, wire: 0 | 2 | 5): void {
    this.varint((field << 3) | wire);
  }

  int(field: number, value: number): void {
    this.key(field, 0);
    this.varint(value);
  }

  bytes(field: number, value: Uint8Array): void {
    this.key(field, 2);
    this.varint(value.length);
    for (const byte of value) this.chunks.push(byte);
  }

  string(field: number, value: string): void {
    this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, write: (writer: Writer) => void): void {
    const inner = new Writer();
    write(inner);
    this.bytes(field, inner.finish());
  }

  float(field: number, value: number): void {
    this.key(field, 5);
    const bytes = new Uint8Array(new Float32Array([value]).buffer);
    for (const byte of bytes) this.chunks.push(byte);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

function writeTensor(w: Writer, tensor: OnnxTensor): void {
  for (const dim of tensor.dims) w.int(1, dim);
  w.int(2, tensor.type);
  w.string(8, tensor.name);
  w.bytes(9, tensor.raw);
}

function writeValue(w: Writer, value: OnnxValue): void {
  w.string(1, value.name);
  w.message(2, (type) =>
    type.message(1, (tensorType) => {
      tensorType.int(1, value.type);
      tensorType.message(2, (shape) => {
        for (const dim of value.dims)
          shape.message(1, (d) => (typeof dim === 'number' ? d.int(1, dim) : d.string(2, dim)));
      });
    }),
  );
}

function writeAttribute(w: Writer, attribute: OnnxAttribute): void {
  w.string(1, attribute.name);
  if ('int' in attribute) {
    w.int(3, attribute.int);
    w.int(20, 2);
  } else if ('float' in attribute) {
    w.float(2, attribute.float);
    w.int(20, 1);
  } else if ('ints' in attribute) {
    for (const value of attribute.ints) w.int(8, value);
    w.int(20, 7);
  } else {
    w.message(5, (t) => writeTensor(t, attribute.tensor));
    w.int(20, 4);
  }
}

/** The serialized ModelProto, ready for InferenceSession.create. */
export function encodeOnnxModel(graph: OnnxGraph): Uint8Array {
  const w = new Writer();
  w.int(1, 8);
  w.string(2, 'portrait');
  w.message(7, (g) => {
    graph.nodes.forEach((node, index) => {
      g.message(1, (n) => {
        for (const input of node.inputs) n.string(1, input);
        for (const output of node.outputs) n.string(2, output);
        n.string(3, `${node.op}_${index}`);
        n.string(4, node.op);
        for (const attribute of node.attributes ?? []) n.message(5, (a) => writeAttribute(a, attribute));
        if (node.domain) n.string(7, node.domain);
      });
    });
    g.string(2, graph.name);
    for (const tensor of graph.initializers ?? []) g.message(5, (t) => writeTensor(t, tensor));
    for (const input of graph.inputs) g.message(11, (v) => writeValue(v, input));
    for (const output of graph.outputs) g.message(12, (v) => writeValue(v, output));
  });
  w.message(8, (opset) => {
    opset.string(1, '');
    opset.int(2, graph.opset ?? 17);
  });
  return w.finish();
}

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): OnnxTensor {
  const data = Float32Array.from(values);
  return { name, dims, type: onnxType.float, raw: new Uint8Array(data.buffer) };
}

export function int64Tensor(name: string, dims: number[], values: number[]): OnnxTensor {
  const data = BigInt64Array.from(values, (value) => BigInt(value));
  return { name, dims, type: onnxType.int64, raw: new Uint8Array(data.buffer) };
}
