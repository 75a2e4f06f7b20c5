import { encodeOnnxModel, floatTensor, int64Tensor, onnxType } from './encodeOnnxModel';

/**
 * One Lloyd step over a block of rows as an ONNX graph, so a GPU does the n x k distances:
 * squared distances ||x||² − 2 x·c + ||c||² (one MatMul), ArgMin for the nearest centroid, and
 * the update's per-centroid sums and counts as OneHot(labels)ᵀ · X (a second MatMul).
 * Inputs x [rows, cols], centroids [k, cols]; outputs labels (int64) [rows], distances [rows]
 * (squared, clipped at 0), sums [k, cols], counts [k].
 */
export function kmeansStepGraph(k: number, cols: number): Uint8Array {
  return encodeOnnxModel({
    name: 'kmeans_step',
    initializers: [
      floatTensor('minus_two', [], [-2]),
      int64Tensor('depth', [], [k]),
      floatTensor('off_on', [2], [0, 1]),
      int64Tensor('axis_rows', [1], [0]),
    ],
    nodes: [
      {
        op: 'Transpose',
        inputs: ['centroids'],
        outputs: ['centroids_t'],
        attributes: [{ name: 'perm', ints: [1, 0] }],
      },
      { op: 'MatMul', inputs: ['x', 'centroids_t'], outputs: ['dots'] },
      { op: 'Mul', inputs: ['dots', 'minus_two'], outputs: ['minus_two_dots'] },
      {
        op: 'ReduceSumSquare',
        inputs: ['centroids'],
        outputs: ['centroid_norms'],
        attributes: [
          { name: 'axes', ints: [1] },
          { name: 'keepdims', int: 0 },
        ],
      },
      {
        op: 'ReduceSumSquare',
        inputs: ['x'],
        outputs: ['row_norms'],
        attributes: [
          { name: 'axes', ints: [1] },
          { name: 'keepdims', int: 1 },
        ],
      },
      { op: 'Add', inputs: ['minus_two_dots', 'centroid_norms'], outputs: ['partial'] },
      { op: 'Add', inputs: ['partial', 'row_norms'], outputs: ['squared'] },
      {
        op: 'ArgMin',
        inputs: ['squared'],
        outputs: ['labels'],
        attributes: [
          { name: 'axis', int: 1 },
          { name: 'keepdims', int: 0 },
          { name: 'select_last_index', int: 0 },
        ],
      },
      {
        op: 'ReduceMin',
        inputs: ['squared'],
        outputs: ['nearest'],
        attributes: [
          { name: 'axes', ints: [1] },
          { name: 'keepdims', int: 0 },
        ],
      },
      { op: 'Relu', inputs: ['nearest'], outputs: ['distances'] },
      {
        op: 'OneHot',
        inputs: ['labels', 'depth', 'off_on'],
        outputs: ['one_hot'],
        attributes: [{ name: 'axis', int: -1 }],
      },
      { op: 'Transpose', inputs: ['one_hot'], outputs: ['one_hot_t'], attributes: [{ name: 'perm', ints: [1, 0] }] },
      { op: 'MatMul', inputs: ['one_hot_t', 'x'], outputs: ['sums'] },
      {
        op: 'ReduceSum',
        inputs: ['one_hot', 'axis_rows'],
        outputs: ['counts'],
        attributes: [{ name: 'keepdims', int: 0 }],
      },
    ],
    inputs: [
      { name: 'x', type: onnxType.float, dims: ['rows', cols] },
      { name: 'centroids', type: onnxType.float, dims: [k, cols] },
    ],
    outputs: [
      { name: 'labels', type: onnxType.int64, dims: ['rows'] },
      { name: 'distances', type: onnxType.float, dims: ['rows'] },
      { name: 'sums', type: onnxType.float, dims: [k, cols] },
      { name: 'counts', type: onnxType.float, dims: [k] },
    ],
  });
}
