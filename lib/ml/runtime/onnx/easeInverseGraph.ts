import { encodeOnnxModel, floatTensor, onnxType } from './encodeOnnxModel';

/**
 * P = (XᵀX + λI)⁻¹ for EASE as an ONNX graph of MatMuls, the operation a GPU is built for:
 * standard ONNX has no matrix inverse, so P comes from Newton-Schulz iterations
 * P ← P (2I − A P), started at P₀ = αI with α = 1 / (largest row sum of A), which converge for any
 * symmetric positive definite A (the error squares each time). With the Gram matrix's entries all
 * non-negative, its row sums bound its largest eigenvalue, and λ bounds the smallest from below,
 * so `iterations` = log2(max row sum / λ) + 5 reach float32's precision (easeIterations).
 *
 * Inputs: `x` [users, items] (0/1) when the graph also forms the Gram matrix, else `gram`
 * [items, items]; `lambda` and `alpha` (scalars). Outputs `inverse` [items, items] and `residual`,
 * max |I − A P|, which tells the caller whether the iterations converged.
 */
export function easeInverseGraph(iterations: number, fromInteractions: boolean): Uint8Array {
  const nodes: Parameters<typeof encodeOnnxModel>[0]['nodes'] = [];
  if (fromInteractions) {
    nodes.push(
      { op: 'Transpose', inputs: ['x'], outputs: ['x_t'], attributes: [{ name: 'perm', ints: [1, 0] }] },
      { op: 'MatMul', inputs: ['x_t', 'x'], outputs: ['gram'] },
    );
  }
  nodes.push(
    { op: 'EyeLike', inputs: ['gram'], outputs: ['identity'] },
    { op: 'Mul', inputs: ['identity', 'lambda'], outputs: ['ridge'] },
    { op: 'Add', inputs: ['gram', 'ridge'], outputs: ['a'] },
    { op: 'Mul', inputs: ['identity', 'two'], outputs: ['two_identity'] },
    { op: 'Mul', inputs: ['identity', 'alpha'], outputs: ['p_0'] },
  );
  for (let step = 0; step < iterations; step++) {
    nodes.push(
      { op: 'MatMul', inputs: ['a', `p_${step}`], outputs: [`ap_${step}`] },
      { op: 'Sub', inputs: ['two_identity', `ap_${step}`], outputs: [`correction_${step}`] },
      { op: 'MatMul', inputs: [`p_${step}`, `correction_${step}`], outputs: [`p_${step + 1}`] },
    );
  }
  nodes.push(
    { op: 'Identity', inputs: [`p_${iterations}`], outputs: ['inverse'] },
    { op: 'MatMul', inputs: ['a', 'inverse'], outputs: ['a_inverse'] },
    { op: 'Sub', inputs: ['identity', 'a_inverse'], outputs: ['error'] },
    { op: 'Abs', inputs: ['error'], outputs: ['error_abs'] },
    { op: 'ReduceMax', inputs: ['error_abs'], outputs: ['residual'], attributes: [{ name: 'keepdims', int: 0 }] },
  );
  return encodeOnnxModel({
    name: 'ease_inverse',
    initializers: [floatTensor('two', [], [2])],
    nodes,
    inputs: [
      fromInteractions
        ? { name: 'x', type: onnxType.float, dims: ['users', 'items'] }
        : { name: 'gram', type: onnxType.float, dims: ['items', 'items'] },
      { name: 'lambda', type: onnxType.float, dims: [] },
      { name: 'alpha', type: onnxType.float, dims: [] },
    ],
    outputs: [
      { name: 'inverse', type: onnxType.float, dims: ['items', 'items'] },
      { name: 'residual', type: onnxType.float, dims: [] },
    ],
  });
}

/** Newton-Schulz steps that take P₀ = I / maxRowSum to float32 precision for an A whose smallest eigenvalue is ≥ λ. */
export function easeIterations(maxRowSum: number, lambda: number): number {
  return Math.min(60, Math.max(1, Math.ceil(Math.log2(Math.max(1, maxRowSum / lambda)))) + 5);
}
