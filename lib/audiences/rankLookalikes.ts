/**
 * The `size` rows nearest to the seed rows in profile space, seeds excluded. Nearness is the
 * distance to the seed's centroid, each dimension scaled by the seed's own spread (floored at a
 * fraction of the population's), so the dimensions that make the seed alike weigh most: a
 * diagonal Gaussian fitted to the seed. Linear in rows, so it runs on every profile of a run.
 */
export function rankLookalikes(
  vectors: Float32Array,
  dims: number,
  isSeed: Uint8Array,
  size: number,
): { rows: Int32Array; distances: Float64Array } {
  const rows = isSeed.length;
  const mean = new Float64Array(dims);
  const seedSquares = new Float64Array(dims);
  const allMean = new Float64Array(dims);
  const allSquares = new Float64Array(dims);
  let seeds = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * dims;
    for (let d = 0; d < dims; d++) {
      const value = vectors[base + d];
      allMean[d] += value;
      allSquares[d] += value * value;
      if (isSeed[r]) {
        mean[d] += value;
        seedSquares[d] += value * value;
      }
    }
    if (isSeed[r]) seeds++;
  }
  if (seeds === 0) return { rows: new Int32Array(0), distances: new Float64Array(0) };
  const weight = new Float64Array(dims);
  for (let d = 0; d < dims; d++) {
    mean[d] /= seeds;
    const popMean = allMean[d] / rows;
    const popVariance = Math.max(0, allSquares[d] / rows - popMean * popMean);
    const seedVariance = Math.max(0, seedSquares[d] / seeds - mean[d] * mean[d]);
    // a seed of a few users can be flat on a dimension by chance: never trust it more than 1/100 of the population's spread
    weight[d] = 1 / Math.max(seedVariance, popVariance * 0.01, 1e-12);
  }
  const candidates: number[] = [];
  const distance = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    if (isSeed[r]) continue;
    const base = r * dims;
    let sum = 0;
    for (let d = 0; d < dims; d++) {
      const delta = vectors[base + d] - mean[d];
      sum += delta * delta * weight[d];
    }
    distance[r] = sum;
    candidates.push(r);
  }
  candidates.sort((a, b) => distance[a] - distance[b] || a - b);
  const chosen = Int32Array.from(candidates.slice(0, size));
  return { rows: chosen, distances: Float64Array.from(chosen, (r) => Math.sqrt(distance[r])) };
}
