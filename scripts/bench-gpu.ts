// Every device figure in one run, for a machine that is lent briefly: for the CPU and each GPU
// that starts here (CUDA, WebGPU), text embedding sentences/s beside a bare onnxruntime-node
// session on the same provider, model and batches; k-means (the Lloyd steps as an ONNX graph)
// and EASE (Gram matrix and inverse as an ONNX graph) times beside the JavaScript CPU path; and
// the agreement of each with the CPU path.
//
//   npm run bench:gpu                                   sizes for a 2-core machine
//   npm run bench:gpu -- --kmeans-rows 1000000,10000000 --ease 100000x20000 --js-max-items 3000
//   bash ../shared/gpu/prepare-carry.sh scripts/bench-gpu.ts, then on the GPU machine:
//   bash .gpu/run.sh --kmeans-rows 1000000,10000000 --ease 100000x20000,100000x50000
//
// Options: --texts N (default all 2,000 UCI sentences), --batch N (64), --layers N (12),
// --rounds N (2), --dtypes list (the model folder's variants besides fp32, e.g. fp16,q8; default
// every one it has), --kmeans-rows list (200000), --kmeans-cols N (64), --k N (8),
// --ease list of USERSxITEMS (20000x2000), --js-max-items N (3000: the CPU path's EASE is
// items³ on one core), --only embedding|kmeans|ease, --training-on-cpu (also run training's
// recommender selection with EASE forced onto the graph on the CPU provider; GPUs always run it). PORTRAIT_TEXT_MODEL=<folder> embeds with a
// real model instead of the generated one.
//
// Data: Kotzias et al., "From Group to Individual Labels using Deep Features", KDD 2015;
// UCI #331 "Sentiment Labelled Sentences", doi:10.24432/C57604, CC BY 4.0 (test/fixtures/uci).
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { fitEaseOnDevice } from '@/lib/ml/recommend/easeOnDevice';
import { fitEase } from '@/lib/ml/recommend/easeRecommender';
import type { FittedRecommender } from '@/lib/ml/recommend/recommender';
import { describeEaseDevice, selectRecommenderOnDevice } from '@/lib/ml/recommend/selectRecommenderOnDevice';
import { selectTopItems } from '@/lib/ml/recommend/selectTopItems';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { chooseDevice } from '@/lib/ml/runtime/device/chooseDevice';
import { type ComputeDevice, describeDeviceChoice } from '@/lib/ml/runtime/device/computeDevice';
import { gpuThresholds } from '@/lib/ml/runtime/device/gpuThresholds';
import { defaultProbes } from '@/lib/ml/runtime/device/probeDevices';
import { kmeans } from '@/lib/ml/segment/kmeans';
import { kmeansOnDevice } from '@/lib/ml/segment/kmeansOnDevice';
import { embedTexts } from '@/lib/ml/text/embedTexts';
import { loadTextEmbedder } from '@/lib/ml/text/loadTextEmbedder';
import { meanPoolNormalised } from '@/lib/ml/text/meanPoolNormalised';
import { parseLabelledSentences } from '@/lib/ml/text/parseLabelledSentences';
import { availableTextDtype, parseTextDtype, type TextDtype, textDtypeFile, textDtypes } from '@/lib/ml/text/textDtype';
import { looksLikePath, textModelConfig } from '@/lib/ml/text/textModelConfig';
import { generateGaussianBlobs } from '@/test/fixtures/gaussianBlobs';
import { generatePlantedInteractions } from '@/test/fixtures/plantedInteractions';
import { buildTinyTextModel } from '@/test/helpers/buildTinyTextModel';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}
const numberOption = (name: string, fallback: number) => Number(option(name, String(fallback)));
const only = option('only', '');
const rounds = numberOption('rounds', 2);
const summary: Record<string, unknown> = {};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

async function availableDevices(): Promise<ComputeDevice[]> {
  const devices: ComputeDevice[] = ['cpu'];
  for (const device of ['cuda', 'webgpu'] as const) {
    const probe = await defaultProbes[device]();
    console.log(`${device}: ${probe.ok ? 'available' : `not available: ${probe.reason}`}`);
    if (probe.ok) devices.push(device);
  }
  return devices;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb || 1);
}

async function embeddingSection(devices: ComputeDevice[]): Promise<void> {
  console.log('\n== Text embedding (sentences/s) ==');
  const data = ['amazon_cells_labelled.txt', 'yelp_labelled.txt'].flatMap(
    (file) => parseLabelledSentences(readFileSync(path.resolve('test/fixtures/uci', file), 'utf8')).texts,
  );
  const texts = [...new Set(data)].slice(0, numberOption('texts', data.length));
  const batchSize = numberOption('batch', 64);
  const given = process.env.PORTRAIT_TEXT_MODEL;
  const layers = numberOption('layers', 12);
  // --dtypes fp16 gives the generated model an fp16 file too (its fp32 graph with float16 output:
  // it exercises the dtype path, its speed says nothing about a real fp16 model)
  const askedDtypes = option('dtypes', '')
    .split(',')
    .filter(Boolean)
    .map((value) => parseTextDtype(value, '--dtypes'));
  const tiny = given
    ? null
    : await buildTinyTextModel({ hiddenSize: 384, layers, fp16Variant: askedDtypes.includes('fp16') });
  const config = textModelConfig({
    ...process.env,
    PORTRAIT_TEXT_MODEL: tiny?.dir ?? given,
    PORTRAIT_TEXT_BATCH: String(batchSize),
  });
  const modelFolder = looksLikePath(config.model)
    ? path.resolve(config.model)
    : path.resolve(config.modelDir ?? '.', config.model);
  console.log(
    `model: ${tiny ? `generated BERT-like (384 wide, ${layers} dense layers, no attention, fp32)` : config.model}; ` +
      `${texts.length} distinct review sentences, batch ${batchSize}, best of ${rounds} rounds; load average ${load()}`,
  );
  const results: Record<string, unknown> = {};
  let cpuVectors: Float32Array | null = null;
  for (const device of devices) {
    const status = await loadTextEmbedder({ ...config, dtype: 'fp32' }, console.warn, {
      requested: device,
      device,
      skipped: [],
    });
    if (status.kind !== 'ready' || status.embedder.device !== device) {
      console.log(`${device}: the model did not load (${status.kind === 'fallback' ? status.reason : 'fell back'})`);
      if (status.kind === 'ready') await status.embedder.dispose();
      continue;
    }
    const { embedder } = status;
    const tokenizer = await AutoTokenizer.from_pretrained(path.basename(modelFolder));
    const session = await ort.InferenceSession.create(path.join(modelFolder, 'onnx', 'model.onnx'), {
      executionProviders: [device],
    });
    const tokenise = (batch: string[]) => {
      const encoded = tokenizer(batch, { padding: true, truncation: true }) as unknown as Record<
        string,
        { data: BigInt64Array; dims: number[] }
      >;
      return Object.fromEntries(
        session.inputNames.map((name) => [name, new ort.Tensor('int64', encoded[name].data, encoded[name].dims)]),
      );
    };
    const runBare = async (feeds: Record<string, ort.Tensor>) => {
      const out = await session.run(feeds);
      const hidden = out[session.outputNames[0]];
      const [rows, length, width] = hidden.dims;
      return meanPoolNormalised(
        hidden.data as Float32Array,
        feeds.attention_mask.data as BigInt64Array,
        rows,
        length,
        width,
      );
    };
    const batchesOf = (list: string[]) =>
      Array.from({ length: Math.ceil(list.length / batchSize) }, (_, b) =>
        list.slice(b * batchSize, (b + 1) * batchSize),
      );
    const sorted = [...texts].sort((a, b) => a.length - b.length);
    const sortedBatches = batchesOf(sorted);
    const unsortedBatches = batchesOf(texts);
    const sortedFeeds = sortedBatches.map(tokenise);
    const unsortedFeeds = unsortedBatches.map(tokenise);
    await embedTexts(texts.slice(0, batchSize * 2), embedder, { batchSize });
    await runBare(sortedFeeds[0]);
    const best = { pipeline: Infinity, bareTokenising: Infinity, bare: Infinity, bareUnsorted: Infinity };
    const vectors = new Float32Array(texts.length * embedder.dimension);
    // The variants alternate batch by batch (the pipeline given the sorted batches, as embedTexts
    // forms them), so each sees the same load on a shared machine; best of the rounds.
    for (let round = 0; round < rounds; round++) {
      const total = { pipeline: 0, bareTokenising: 0, bare: 0, bareUnsorted: 0 };
      for (let b = 0; b < sortedBatches.length; b++) {
        const pipeline = await timed(() => embedTexts(sortedBatches[b], embedder, { batchSize }));
        total.pipeline += pipeline.ms;
        vectors.set(pipeline.value.vectors.data, b * batchSize * embedder.dimension);
        total.bareTokenising += (await timed(() => runBare(tokenise(sortedBatches[b])))).ms;
        total.bare += (await timed(() => runBare(sortedFeeds[b]))).ms;
        if (b < unsortedFeeds.length) total.bareUnsorted += (await timed(() => runBare(unsortedFeeds[b]))).ms;
      }
      for (const name of ['pipeline', 'bareTokenising', 'bare', 'bareUnsorted'] as const)
        best[name] = Math.min(best[name], total[name]);
    }
    const rate = (ms: number) => Math.round((texts.length / ms) * 1000);
    const width = embedder.dimension;
    let agreement: number | null = null;
    // vectors are in sorted-text order for every device, so rows compare one to one
    if (device === 'cpu') cpuVectors = vectors;
    else if (cpuVectors) {
      agreement = 1;
      for (let i = 0; i < texts.length; i++)
        agreement = Math.min(
          agreement,
          cosine(vectors.subarray(i * width, (i + 1) * width), cpuVectors.subarray(i * width, (i + 1) * width)),
        );
    }
    const row = {
      pipeline: rate(best.pipeline),
      bareWithTokenizer: rate(best.bareTokenising),
      barePretokenised: rate(best.bare),
      barePretokenisedUnsorted: rate(best.bareUnsorted),
      pipelineShareOfBareWithTokenizer: +(best.bareTokenising / best.pipeline).toFixed(3),
      pipelineShareOfBarePretokenised: +(best.bare / best.pipeline).toFixed(3),
      minCosineToCpu: agreement,
    };
    results[device] = row;
    console.log(
      `${device}: pipeline (embedTexts: hash, sort, tokenise, run, pool) ${row.pipeline}/s; bare session, same sorted batches: ` +
        `${row.bareWithTokenizer}/s tokenising inside (pipeline at ${(row.pipelineShareOfBareWithTokenizer * 100).toFixed(1)}%), ` +
        `${row.barePretokenised}/s tokenised in advance (${(row.pipelineShareOfBarePretokenised * 100).toFixed(1)}%); ` +
        `bare on unsorted batches ${row.barePretokenisedUnsorted}/s` +
        (agreement === null ? '' : `; smallest cosine to the CPU's vectors ${agreement.toFixed(6)}`),
    );
    const variants = textDtypes.filter(
      (dtype) =>
        dtype !== 'fp32' &&
        (askedDtypes.length === 0 || askedDtypes.includes(dtype)) &&
        availableTextDtype(modelFolder, dtype).dtype === dtype,
    );
    const dtypeRows: Record<string, unknown> = {};
    for (const dtype of variants) {
      dtypeRows[dtype] = await dtypeRow(config, device, dtype, sortedBatches, batchSize, vectors, width);
    }
    (row as Record<string, unknown>).dtypes = dtypeRows;
    await embedder.dispose();
    await session.release();
  }
  if (tiny) await rm(tiny.parentDir, { recursive: true, force: true });
  summary.embedding = { texts: texts.length, batchSize, layers: tiny ? layers : null, load: load(), results };
}

/** Sentences/s of the model's `dtype` file through embedTexts on `device`, and its smallest cosine to fp32 there. */
async function dtypeRow(
  config: ReturnType<typeof textModelConfig>,
  device: ComputeDevice,
  dtype: TextDtype,
  sortedBatches: string[][],
  batchSize: number,
  fp32Vectors: Float32Array,
  width: number,
) {
  const status = await loadTextEmbedder({ ...config, dtype }, console.warn, { requested: device, device, skipped: [] });
  if (status.kind !== 'ready' || status.embedder.device !== device || !status.embedder.modelId.endsWith(`:${dtype}`)) {
    console.log(`  ${device}, ${dtype}: did not load`);
    if (status.kind === 'ready') await status.embedder.dispose();
    return null;
  }
  const { embedder } = status;
  await embedTexts(sortedBatches[0], embedder, { batchSize });
  let best = Infinity;
  const vectors = new Float32Array(fp32Vectors.length);
  for (let round = 0; round < rounds; round++) {
    let total = 0;
    for (let b = 0; b < sortedBatches.length; b++) {
      const run = await timed(() => embedTexts(sortedBatches[b], embedder, { batchSize }));
      total += run.ms;
      vectors.set(run.value.vectors.data, b * batchSize * width);
    }
    best = Math.min(best, total);
  }
  await embedder.dispose();
  let agreement = 1;
  for (let i = 0; i < vectors.length / width; i++)
    agreement = Math.min(
      agreement,
      cosine(vectors.subarray(i * width, (i + 1) * width), fp32Vectors.subarray(i * width, (i + 1) * width)),
    );
  const texts = vectors.length / width;
  const rate = Math.round((texts / best) * 1000);
  console.log(
    `  ${device}, ${dtype} (${textDtypeFile(dtype)}): pipeline ${rate}/s; smallest cosine to fp32 on ${device} ${agreement.toFixed(6)}`,
  );
  return { pipeline: rate, minCosineToFp32: agreement };
}

function labelAgreement(a: Int32Array, b: Int32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

async function kmeansSection(devices: ComputeDevice[]): Promise<void> {
  console.log('\n== K-means (Lloyd from the same seeded start) ==');
  const cols = numberOption('kmeans-cols', 64);
  const k = numberOption('k', 8);
  const results: Record<string, unknown>[] = [];
  for (const rows of option('kmeans-rows', '200000').split(',').map(Number)) {
    // overlapping blobs, so Lloyd runs some iterations (well-separated ones converge in one)
    const { matrix } = generateGaussianBlobs({ rows, cols, clusters: k, spread: 1, centerBox: 0.6, seed: 2026 });
    console.log(`${rows.toLocaleString('en-US')} x ${cols} Gaussian blobs, k = ${k}; load average ${load()}`);
    const js = await timed(() => kmeans(matrix, k, { seed: 1 }));
    console.log(`  cpu, JavaScript (Hamerly): ${seconds(js.ms)}, ${js.value.iterations} iterations`);
    const row: Record<string, unknown> = { rows, cols, k, jsMs: Math.round(js.ms), jsIterations: js.value.iterations };
    for (const device of devices) {
      const onnx = await timed(() => kmeansOnDevice(matrix, k, { seed: 1, device }));
      const agreement = labelAgreement(onnx.value.labels, js.value.labels);
      console.log(
        `  ${device}, ONNX graph: ${seconds(onnx.ms)}, ${onnx.value.iterations} iterations, ` +
          `labels differ from the JavaScript path's for ${Math.round((1 - agreement) * rows)} of ${rows} rows`,
      );
      row[device] = { ms: Math.round(onnx.ms), iterations: onnx.value.iterations, labelAgreement: agreement };
    }
    results.push(row);
  }
  summary.kmeans = results;
}

function topTen(model: FittedRecommender, user: number, scores: Float32Array): string {
  const train = model.trainedOn;
  model.scoreUser(user, scores);
  return selectTopItems(scores, 10, train.itemIndex.subarray(train.userStart[user], train.userStart[user + 1])).join();
}

async function easeSection(devices: ComputeDevice[]): Promise<void> {
  console.log('\n== EASE (Gram matrix and inverse) ==');
  const jsMaxItems = numberOption('js-max-items', 3000);
  const results: Record<string, unknown>[] = [];
  for (const size of option('ease', '20000x2000').split(',')) {
    const [users, items] = size.split('x').map(Number);
    const { events } = generatePlantedInteractions({ users, items, groups: Math.max(20, items / 100), seed: 7 });
    const train = buildUserItemInteractions(events);
    console.log(
      `${users.toLocaleString('en-US')} users x ${items.toLocaleString('en-US')} items (planted shop); load average ${load()}`,
    );
    const row: Record<string, unknown> = { users, items, interactions: train.itemIndex.length };
    const sample = Array.from({ length: Math.min(users, 2000) }, (_, i) =>
      Math.floor((i * users) / Math.min(users, 2000)),
    );
    const scores = new Float32Array(items);
    let reference: string[] | null = null;
    if (items <= jsMaxItems) {
      const js = await timed(() => fitEase(train, { lambda: 100 }));
      reference = sample.map((user) => topTen(js.value, user, scores));
      console.log(`  cpu, JavaScript (float64 Cholesky, one core): ${seconds(js.ms)}`);
      row.jsMs = Math.round(js.ms);
    } else console.log(`  cpu, JavaScript: not run (more than --js-max-items ${jsMaxItems} items)`);
    for (const device of devices) {
      if (device === 'cpu' && items > jsMaxItems) continue;
      const onnx = await timed(() => fitEaseOnDevice(train, { lambda: 100, device }));
      const tops = sample.map((user) => topTen(onnx.value.model, user, scores));
      reference ??= tops;
      const same = tops.filter((top, i) => top === reference?.[i]).length / sample.length;
      console.log(
        `  ${device}, ONNX graph: ${seconds(onnx.ms)} (${onnx.value.iterations} Newton-Schulz steps, XᵀX in the ` +
          `${onnx.value.gram}, residual ${onnx.value.residual.toExponential(2)}); same top 10 for ` +
          `${(same * 100).toFixed(1)}% of ${sample.length} users (against ${row.jsMs === undefined ? 'the first device' : 'the JavaScript path'})`,
      );
      row[device] = { ms: Math.round(onnx.ms), residual: onnx.value.residual, sameTopTen: same };
      if (device !== 'cpu' || process.argv.includes('--training-on-cpu'))
        (row[device] as Record<string, unknown>).training = await trainingSelection(train, device);
    }
    results.push(row);
  }
  summary.ease = results;
}

/**
 * Training's recommender selection (popularity and EASE, as training runs it on this device): where
 * EASE's fits ran and how many items it modelled (the GPU cap, past the CPU path's 3,000).
 */
async function trainingSelection(train: ReturnType<typeof buildUserItemInteractions>, device: ComputeDevice) {
  const minItems = device === 'cpu' ? 0 : gpuThresholds().easeMinItems;
  const chosen = await timed(() =>
    selectRecommenderOnDevice(train, { models: ['popularity', 'ease'], seed: 1 }, { device, minItems }),
  );
  const record = chosen.value.selection.easeDevice ?? null;
  console.log(
    `  ${device}, training's selection (popularity and EASE, winner refitted): ${seconds(chosen.ms)}; ` +
      (record ? describeEaseDevice(record) : `EASE stayed on the CPU path (fewer than ${minItems} items)`),
  );
  return { ms: Math.round(chosen.ms), winner: chosen.value.selection.winner, easeDevice: record };
}

console.log(
  `bench:gpu on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `node ${process.version}, load average ${load()}`,
);
console.log(`PORTRAIT_DEVICE=auto would choose: ${describeDeviceChoice(await chooseDevice('auto'))}`);
const devices = await availableDevices();
summary.devices = devices;
if (!only || only === 'embedding') await embeddingSection(devices);
if (!only || only === 'kmeans') await kmeansSection(devices);
if (!only || only === 'ease') await easeSection(devices);
console.log(`\nsummary ${JSON.stringify(summary)}`);
