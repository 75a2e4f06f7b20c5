import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeOnnxModel, floatTensor, int64Tensor, onnxType } from './encodeOnnxModel';
import { kmeansStepGraph } from './kmeansStepGraph';

const { onnx } = onnxProto;

describe('encodeOnnxModel', () => {
  it('writes a ModelProto that the onnx schema reads back field for field', () => {
    const decoded = onnx.ModelProto.decode(kmeansStepGraph(8, 64));
    expect(Number(decoded.irVersion)).toBe(8);
    expect(decoded.opsetImport.map((opset) => [opset.domain, Number(opset.version)])).toEqual([['', 17]]);
    const graph = decoded.graph as InstanceType<typeof onnx.GraphProto>;
    expect(graph.input.map((input) => input.name)).toEqual(['x', 'centroids']);
    expect(graph.output.map((output) => output.name)).toEqual(['labels', 'distances', 'sums', 'counts']);
    expect(graph.input[0].type?.tensorType?.shape?.dim?.map((dim) => dim.dimParam || Number(dim.dimValue))).toEqual([
      'rows',
      64,
    ]);
    const argMin = graph.node.find((node) => node.opType === 'ArgMin');
    expect(argMin?.attribute?.map((attribute) => [attribute.name, Number(attribute.i)])).toEqual([
      ['axis', 1],
      ['keepdims', 0],
      ['select_last_index', 0],
    ]);
    const depth = graph.initializer.find((tensor) => tensor.name === 'depth');
    expect(Array.from(new BigInt64Array(Uint8Array.from(depth?.rawData ?? []).buffer))).toEqual([8n]);
  });

  it('runs in onnxruntime with float, int64 and negative attribute values', async () => {
    const model = encodeOnnxModel({
      name: 'check',
      initializers: [floatTensor('scale', [], [-0.5]), int64Tensor('shape', [2], [3, -1])],
      nodes: [
        { op: 'Mul', inputs: ['x', 'scale'], outputs: ['scaled'] },
        { op: 'Reshape', inputs: ['scaled', 'shape'], outputs: ['reshaped'] },
        { op: 'Softmax', inputs: ['reshaped'], outputs: ['y'], attributes: [{ name: 'axis', int: -1 }] },
      ],
      inputs: [{ name: 'x', type: onnxType.float, dims: [6] }],
      outputs: [{ name: 'y', type: onnxType.float, dims: [3, 2] }],
    });
    const session = await ort.InferenceSession.create(model);
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([0, 0, 2, 0, 0, 4]), [6]) });
    expect(out.y.dims).toEqual([3, 2]);
    const y = Array.from(out.y.data as Float32Array);
    expect(y[0]).toBeCloseTo(0.5, 6);
    expect(y[2]).toBeCloseTo(1 / (1 + Math.E), 6);
    expect(y[5]).toBeCloseTo(Math.exp(-2) / (1 + Math.exp(-2)), 6);
    await session.release();
  });
});
