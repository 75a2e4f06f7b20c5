import { readDisplaySettings } from '@/lib/datasets/displaySettings';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { goalsToTrain } from '@/lib/goals/listGoals';
import { computeBehaviourEmbedding } from '@/lib/ml/embed/behaviourEmbedding';
import { computeBehaviourFeatures } from '@/lib/ml/features/behaviourFeatures';
import { type ProfileModel, profileModelArtifact, profileModelToJson } from '@/lib/ml/features/profileModel';
import { buildProfileVector } from '@/lib/ml/features/profileVector';
import { readableFeatures } from '@/lib/ml/features/readableFeatures';
import { referenceTime } from '@/lib/ml/features/referenceTime';
import { projectMap } from '@/lib/ml/map/projectMap';
import { describeSegments } from '@/lib/ml/persona/describeSegments';
import { chooseDevice } from '@/lib/ml/runtime/device/chooseDevice';
import {
  type DeviceChoice,
  type DeviceRequest,
  describeDeviceChoice,
  isGpu,
} from '@/lib/ml/runtime/device/computeDevice';
import { gpuThresholds } from '@/lib/ml/runtime/device/gpuThresholds';
import { createSeededRandom } from '@/lib/ml/runtime/seededRandom';
import { inStage, StageError } from '@/lib/ml/runtime/stageError';
import { chooseKOnDevice } from '@/lib/ml/segment/chooseK';
import { daviesBouldinIndex } from '@/lib/ml/segment/clusterQuality';
import { squaredDistancesToLabels } from '@/lib/ml/segment/kmeans';
import { computeTextFeatures } from '@/lib/ml/text/textFeatures';
import { textModelConfig } from '@/lib/ml/text/textModelConfig';
import { type DenseMatrix, rowOf } from '@/lib/ml/types';
import { attributeModelArtifacts } from '@/lib/realtime/attributeModelArtifact';
import { recommenderArtifacts } from '@/lib/realtime/recommenderArtifact';
import { scoreModelArtifacts } from '@/lib/realtime/scoreModelArtifact';
import { writeRunUserEventStates } from '@/lib/realtime/writeRunUserEventStates';
import { writeStatesFromStoredEvents } from '@/lib/realtime/writeStatesFromStoredEvents';
import { appendRunLog, completeRun, createRun, failRun, type StoredProfile } from '@/lib/runs/runStore';
import { checkTrainingData, NotEnoughTrainingDataError } from './checkTrainingData';
import { fitSampleUsers } from './fitSample';
import { loadFitSample } from './loadFitSample';
import { loadPipelineInput } from './loadPipelineInput';
import { createPostgresEmbeddingCache } from './postgresEmbeddingCache';
import { type EventWork, runPredictionStage, startEventWork } from './predictionStage';
import { defaultChunkUsers } from './profileEveryUser';
import { ratingModelArtifact } from './ratingModelArtifact';
import { runTextOptions } from './runTextOptions';
import { saveSampleFittedRun } from './saveSampleFittedRun';
import { type StageOutcome, StageOutcomes } from './stageOutcome';
import type { DistributeChunks } from './trainChunk';

export interface TrainOptions {
  /** fixed number of segments; chosen by silhouette over 2-12 when left out */
  k?: number;
  seed?: number;
  /** embed event text with the configured transformers.js model (default true) */
  textModel?: boolean;
  map?: 'pca' | 'umap';
  /** where text embeddings, the large k-means and a large EASE run: auto, cpu, webgpu or cuda (default PORTRAIT_DEVICE) */
  device?: DeviceRequest;
  /** at the end of each stage, with the run's percent; may throw to stop the run there */
  onProgress?: (stage: string, percent: number) => void;
  /**
   * inside the long stages (text, segments, predictions): what is running and the run's percent,
   * e.g. "segments: k-means for k = 5 (4 of 11 candidates)"; must not throw
   */
  onStageProgress?: (detail: string, percent: number) => void;
  /**
   * throws to stop the run (a cancelled job): called inside the stages before saving, at each
   * report and while a stage waits on its threads, so a cancel is heard within the stage
   */
  checkpoint?: () => void;
  log?: (line: string) => void;
  /**
   * fit the models on a stratified sample of this many users when the dataset has more, then
   * profile, assign, score and recommend every user with them (default PORTRAIT_FIT_SAMPLE_USERS; 0: no sample)
   */
  fitSampleUsers?: number;
  /** users profiled and written at a time after a sample fit (default 10,000) */
  chunkUsers?: number;
  /**
   * after a sample fit, runs the chunks somewhere else (train_chunk jobs that any worker takes);
   * in this process, one chunk after another, when absent
   */
  distributeChunks?: DistributeChunks;
}

/**
 * The run's percent when each stage ends, in proportion to the time the stages took on the demo
 * shop (predictions and k-means the longest), so the bar and its time-left estimate move evenly.
 */
const stageEnds = {
  load: 4,
  behaviourFeatures: 7,
  behaviourEmbedding: 11,
  text: 30,
  profile: 31,
  segments: 55,
  map: 57,
  predictions: 93,
  personas: 96,
  save: 100,
} as const;

export interface TrainResult {
  runId: number;
  k: number;
  /** no k separated the users: one group was stored */
  noClearSegments: boolean;
  /** why, with the numbers (segments under the size floor, or a silhouette too low) */
  noClearReason?: string;
  silhouette: number;
  daviesBouldin: number;
  users: number;
  timings: Record<string, number>;
  /**
   * this process's memory as each stage ended, in MB (process.memoryUsage): where a run's peak RSS
   * goes, by stage; in the result only, never stored with the run
   */
  memory: Record<string, StageMemory>;
  /** what each stage did: ran, or skipped with its reason */
  stages: StageOutcome[];
}

export interface StageMemory {
  rss: number;
  heapUsed: number;
  /** typed arrays' and Buffers' memory outside the JS heap */
  arrayBuffers: number;
  external: number;
}

function memoryNow(): StageMemory {
  const usage = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  return {
    rss: mb(usage.rss),
    heapUsed: mb(usage.heapUsed),
    arrayBuffers: mb(usage.arrayBuffers),
    external: mb(usage.external),
  };
}

/** A UMAP run's fitted users a newcomer is placed beside: evenly spread, at most this many. */
const mapNeighbourLimit = 2000;

function mapNeighboursOf(profile: DenseMatrix, map: { x: Float32Array; y: Float32Array }) {
  const step = Math.max(1, Math.floor(profile.rows / mapNeighbourLimit));
  const rows = Int32Array.from({ length: Math.ceil(profile.rows / step) }, (_, i) => i * step);
  const vectors: DenseMatrix = {
    rows: rows.length,
    cols: profile.cols,
    data: new Float32Array(rows.length * profile.cols),
  };
  for (let i = 0; i < rows.length; i++) vectors.data.set(rowOf(profile, rows[i]), i * profile.cols);
  return { vectors, x: Float32Array.from(rows, (row) => map.x[row]), y: Float32Array.from(rows, (row) => map.y[row]) };
}

/**
 * Trains a run for a dataset, once checkTrainingData finds enough data (else it throws
 * NotEnoughTrainingDataError and stores nothing): behaviour and text features, profile vectors, segments, map and
 * personas. The run is made active in one transaction at the end, once all of it is written; a
 * run that fails is marked failed without rows and the previous active run stays.
 */
export async function trainDataset(datasetId: number, options: TrainOptions = {}): Promise<TrainResult> {
  const progress = options.onProgress ?? (() => {});
  progress('checking data', 0);
  const check = await checkTrainingData(datasetId);
  options.log?.(
    `Data: ${check.counts.usersWithEvents} users with events, ${check.counts.events} events, ${check.counts.eventTypes} event type${check.counts.eventTypes === 1 ? '' : 's'}`,
  );
  if (!check.ok) throw new NotEnoughTrainingDataError(check);
  progress('loading events', 1);
  const seed = options.seed ?? 1;
  const params = { k: options.k ?? 'auto', seed, textModel: options.textModel ?? true, map: options.map ?? 'pca' };
  // read before the run exists: a bad PORTRAIT_DEVICE, PORTRAIT_TEXT_DTYPE or threshold stores no failed run
  const textConfig = textModelConfig();
  const deviceRequest = options.device ?? textConfig.device;
  const thresholds = gpuThresholds();
  const sampleLimit = options.fitSampleUsers ?? fitSampleUsers();
  const runId = await createRun(datasetId, params);
  const timings: Record<string, number> = {};
  const memory: Record<string, StageMemory> = { start: memoryNow() };
  const logLines: string[] = [];
  const log = (line: string) => {
    logLines.push(line);
    options.log?.(line);
  };
  let stageStart = performance.now();
  const time = (stage: keyof typeof stageEnds) => {
    const now = performance.now();
    timings[stage] = Math.round(now - stageStart);
    memory[stage] = memoryNow();
    stageStart = now;
    progress(stage, stageEnds[stage]);
  };
  /** progress inside `stage`, which runs from the previous stage's end to its own */
  const inside = (stage: keyof typeof stageEnds, from: keyof typeof stageEnds | null, label: string) => {
    const start = from === null ? 1 : stageEnds[from];
    const span = stageEnds[stage] - start;
    return (fraction: number, detail: string) => {
      options.onStageProgress?.(`${label}: ${detail}`, start + span * Math.max(0, Math.min(1, fraction)));
      // once saving, the run is on its way to active: a stop there would leave it half written
      if (stage !== 'save') options.checkpoint?.();
    };
  };
  let eventWork: EventWork | null = null;
  const outcomes = new StageOutcomes(log);
  try {
    let deviceChoice: DeviceChoice = await chooseDevice(deviceRequest);
    log(`Device: ${describeDeviceChoice(deviceChoice)}`);
    const settings = await readPipelineSettings(datasetId);
    const goals = await goalsToTrain(datasetId);
    const display = await readDisplaySettings(datasetId);
    // Over the limit, every stage below fits on a stratified sample of users, and
    // profileEveryUser then applies the fitted models to everyone, a chunk of users at a time,
    // before the run is saved: only the sample and a chunk are read into memory.
    const sample =
      sampleLimit > 0 && check.counts.usersWithEvents > sampleLimit
        ? await loadFitSample(datasetId, sampleLimit, seed)
        : null;
    let { events, items, attributes } = sample ? sample.input : await loadPipelineInput(datasetId);
    const users = sample ? sample.userIds.length : events.userIds.length;
    const reference = sample ? sample.reference : referenceTime(events.ts);
    if (sample) {
      log(
        `Models fitted on a sample of ${events.userIds.length} of ${users} users, stratified by events per user (PORTRAIT_FIT_SAMPLE_USERS); every user is then profiled, assigned, scored and recommended with them`,
      );
    }
    const asOf = reference.ms;
    if (reference.later > 0)
      log(
        `${reference.later} events dated after the server's clock are left out of the run's "now" (${new Date(asOf).toISOString()})`,
      );
    log(`Loaded ${events.ts.length} events of ${users} users and ${events.itemIds.length} items`);
    const ease = isGpu(deviceChoice.device)
      ? { device: deviceChoice.device, minItems: thresholds.easeMinItems }
      : undefined;
    eventWork = await inStage('predictions', () => startEventWork(events, items, settings, seed, log, goals, ease));
    time('load');

    const features = await inStage('behaviourFeatures', () => computeBehaviourFeatures(events, items, settings, asOf));
    outcomes.ran(
      'behaviourFeatures',
      events.types.length === 1
        ? `one event type ("${events.types[0]}"): recency, frequency, value and rhythm only, no event-type mix`
        : undefined,
    );
    time('behaviourFeatures');
    const embedding = await inStage('behaviourEmbedding', () => computeBehaviourEmbedding(events, items, { seed }));
    if (events.itemIds.length === 0) outcomes.skipped('behaviourEmbedding', 'no item ids in this dataset');
    else if (embedding.singularValues.every((value) => value === 0))
      outcomes.skipped('behaviourEmbedding', 'no item or category was touched by two or more users');
    else outcomes.ran('behaviourEmbedding');
    time('behaviourEmbedding');
    const text = await inStage('text', () =>
      computeTextFeatures(events, {
        seed,
        deviceChoice,
        embedder: params.textModel
          ? undefined
          : { kind: 'fallback', reason: 'the text model was turned off for this run' },
        cacheFor: (model) => createPostgresEmbeddingCache(model),
        warn: log,
        onProgress: (() => {
          const report = inside('text', 'behaviourEmbedding', 'review text');
          return (step: 'analyse' | 'embed', done: number, total: number) =>
            report(
              (step === 'analyse' ? 0 : 0.5) + (0.5 * done) / Math.max(1, total),
              `${step === 'analyse' ? 'analysing' : 'embedding'} ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} texts`,
            );
        })(),
      }),
    );
    // Nothing after the text stage reads event text: at a million users its strings are some
    // hundreds of MB that would otherwise stay through predictions and saving.
    events = { ...events, text: [] };
    const hasText = text.hasText.some((flag) => flag === 1);
    if (!hasText) outcomes.skipped('text', 'no event has text');
    else {
      if (text.meta.method === 'tfidf-svd') log(`Text vectors from TF-IDF + SVD: ${text.meta.reason}`);
      else log(`Text embedded with ${text.meta.model} on ${text.meta.device}`);
      // a GPU that could not load the model was replaced by the CPU: the rest of the run follows
      if (text.meta.deviceChoice) deviceChoice = text.meta.deviceChoice;
      outcomes.ran(
        'text',
        text.meta.failedTexts ? `${text.meta.failedTexts} texts could not be analysed and were left out` : undefined,
      );
    }
    time('text');

    const profile = buildProfileVector([
      { name: 'behaviour', matrix: features.matrix, weight: 1 },
      { name: 'behaviourEmbedding', matrix: embedding.matrix, weight: 0.6 },
      hasText ? { name: 'text', matrix: text.vectors, weight: 0.4 } : null,
    ]);
    time('profile');

    const segmentation = await inStage('segments', () =>
      chooseKOnDevice(profile.matrix, {
        device: deviceChoice.device,
        minRows: thresholds.kmeansMinRows,
        k: options.k,
        sizeFloor: settings.segmentSizeFloor,
        floorMode: 'merge',
        seed,
        onProgress: (() => {
          const report = inside('segments', 'profile', 'segments');
          return (done: number, total: number, detail: string) => report(done / total, detail);
        })(),
      }),
    );
    const daviesBouldin = segmentation.k > 1 ? daviesBouldinIndex(profile.matrix, segmentation.labels) : Number.NaN;
    eventWork.recommending?.giveSegments(segmentation.labels);
    if (segmentation.noClearSegments) {
      outcomes.ran('segments', `no clear segments: ${segmentation.noClearReason}; one group`);
    } else {
      const merged = segmentation.merged.length;
      // a k asked for and not kept is said, with why: segments under the floor were merged away
      const floorNote = merged
        ? `; ${options.k ? `asked for ${options.k}, ` : ''}${merged} segment${merged === 1 ? '' : 's'} under the size floor of ${settings.segmentSizeFloor} users merged into the nearest`
        : '';
      outcomes.ran('segments', `k = ${segmentation.k} (silhouette ${segmentation.silhouette.toFixed(3)}${floorNote})`);
    }
    time('segments');

    const map = await inStage('map', () => projectMap(profile.matrix, { method: params.map, seed }));
    outcomes.ran('map');
    time('map');
    const profileModel: ProfileModel = {
      version: 1,
      asOf,
      behaviour: features.model,
      embedding: embedding.model,
      text: hasText ? text.vectorModel : null,
      layout: profile.layout,
      centres: profile.centres,
      map: map.pca ? { method: 'pca', pca: map.pca } : { method: 'umap' },
    };

    const predictions = await inStage('predictions', () =>
      runPredictionStage({
        events,
        items,
        attributes,
        settings,
        goals,
        profile: profile.matrix,
        profileColumnNames: profile.layout.flatMap((block) =>
          Array.from({ length: block.width }, (_, c) =>
            block.name === 'behaviour'
              ? features.names[c]
              : block.name === 'behaviourEmbedding'
                ? `taste factor ${c}`
                : `text dimension ${c}`,
          ),
        ),
        labels: segmentation.labels,
        seed,
        eventWork: eventWork as EventWork,
        log,
        outcomes,
        progress: inside('predictions', 'map', 'predictions'),
        checkpoint: options.checkpoint,
      }),
    );
    time('predictions');

    const personas = await inStage('personas', () =>
      describeSegments({
        labels: segmentation.labels,
        k: segmentation.k,
        profile: profile.matrix,
        centroids: segmentation.centroids,
        features,
        events,
        items,
        settings,
        asOf,
        attributes: attributes.filter((column) => !settings.sensitiveAttributes.includes(column.name)),
        sentiment: text.perUserSentiment,
        keywords: text.keywordsPerUser.map((keywords) => keywords.map((keyword) => keyword.term)),
        keywordEvidence: { terms: text.userTerms, texts: text.textCount },
        churnScore: predictions.churnScore ?? undefined,
        propensity: predictions.propensity,
        predictedValue: predictions.predictedValue ?? undefined,
        goals: predictions.goals,
        currency: display.currency,
      }),
    );
    outcomes.ran('personas', segmentation.noClearSegments ? 'one persona for everyone: no clear segments' : undefined);
    time('personas');

    // built row by row as they are written, not held as 100,000 objects
    const profiles: Iterable<StoredProfile> = {
      *[Symbol.iterator]() {
        const random = createSeededRandom(seed);
        const squaredDistances = squaredDistancesToLabels(profile.matrix, segmentation.centroids, segmentation.labels);
        for (let u = 0; u < users; u++) {
          const segmentIndex = segmentation.labels[u];
          yield {
            userId: events.userIds[u],
            segmentIndex,
            vector: rowOf(profile.matrix, u),
            mapX: map.x[u],
            mapY: map.y[u],
            distance: Math.sqrt(squaredDistances[u]),
            sampleKey: random.next(),
            features: readableFeatures(features.names, features.raw, u, {
              churn: predictions.churnScore?.[u],
              sentiment: text.perUserSentiment[u],
            }),
          };
        }
      },
    };
    const segments = personas.map((persona, index) => ({
      index,
      name: persona.name,
      description: persona.description,
      size: persona.size,
      share: persona.share,
      belowFloor: segmentation.belowFloor[index] ?? false,
      centroid: rowOf(segmentation.centroids, index),
      persona,
    }));
    const metrics = {
      segments: {
        k: segmentation.k,
        chosenK: segmentation.chosenK,
        noClearSegments: segmentation.noClearSegments,
        ...(segmentation.noClearReason ? { noClearReason: segmentation.noClearReason } : {}),
        referenceSilhouette: segmentation.referenceSilhouette ?? null,
        silhouette: segmentation.silhouette,
        daviesBouldin,
        candidates: segmentation.candidates,
        merged: segmentation.merged,
        users,
      },
      ...predictions.metrics,
    };
    const meta = {
      stages: outcomes.outcomes,
      /** the device the run computed on (text embeddings, a large k-means) and why others were skipped */
      device: deviceChoice,
      // a run without any text has no text vectors to describe, fallback or not
      text: hasText ? text.meta : { method: 'none' },
      languages: text.languageCounts,
      map: { method: map.method, explainedVariance: map.explainedVariance ?? null },
      profileLayout: profile.layout,
      featureNames: features.names,
      features: features.describe,
      settings,
    };
    const artifacts = [
      { name: profileModelArtifact, content: profileModelToJson(profileModel) },
      ...(await recommenderArtifacts(eventWork, events.itemIds)),
      ...(await scoreModelArtifacts(eventWork)),
      ...attributeModelArtifacts(predictions.attributeModels),
      ...(predictions.ratingModel ? [{ name: ratingModelArtifact, content: predictions.ratingModel }] : []),
    ];
    if (!sample) {
      await completeRun(
        runId,
        datasetId,
        {
          segments,
          profiles,
          targets: predictions.targets,
          scores: predictions.scores,
          recommendations: predictions.recommendations,
          artifacts,
        },
        { metrics, timings, meta, eventsUpTo: new Date(asOf) },
      );
    } else {
      await inStage('save', () =>
        saveSampleFittedRun({
          runId,
          datasetId,
          userIds: sample.userIds,
          sampleUsers: events.userIds.length,
          sampleItemIds: events.itemIds,
          eventWork: eventWork as EventWork,
          fitted: {
            profileModel,
            centroids: segmentation.centroids,
            mapNeighbours: map.pca ? null : mapNeighboursOf(profile.matrix, map),
          },
          outputs: { segments, targets: predictions.targets, scores: predictions.scores, artifacts },
          summary: { metrics, timings, meta, eventsUpTo: new Date(asOf) },
          settings,
          seed,
          chunkUsers: options.chunkUsers ?? defaultChunkUsers,
          textConfig,
          log,
          distribute: options.distributeChunks,
          progress: (() => {
            const report = inside('save', 'personas', 'profiling every user');
            return (done: number, total: number) =>
              report(done / total, `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} users`);
          })(),
        }),
      );
    }
    // Every user's running state under the run, now active. A failure costs only speed: each
    // user's first update reads all their events instead. A sample fit's chunk phase let go of
    // each part's events once profiled, so its states are counted again from the stored events.
    // the run is active already: the bar stays full while the label counts the users
    const reportStates = inside('save', 'personas', 'writing running states');
    try {
      const statesStarted = performance.now();
      const written = sample
        ? await writeStatesFromStoredEvents({
            datasetId,
            runId,
            userIds: sample.userIds,
            settings,
            model: profileModel,
            text: runTextOptions(profileModel, textConfig),
            progress: (done, total) =>
              reportStates(1, `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} users`),
          })
        : await writeRunUserEventStates({ datasetId, runId, events, items, settings, model: profileModel, text });
      log(
        `Per-user event states written for ${written} users in ${((performance.now() - statesStarted) / 1000).toFixed(1)} s`,
      );
    } catch (error) {
      log(`Per-user event states were not written (${(error as Error).message}); updates rebuild them`);
    }
    time('save');
    for (const line of logLines) await appendRunLog(runId, line);
    return {
      runId,
      k: segmentation.k,
      noClearSegments: segmentation.noClearSegments,
      ...(segmentation.noClearReason ? { noClearReason: segmentation.noClearReason } : {}),
      silhouette: segmentation.silhouette,
      daviesBouldin,
      users,
      timings,
      memory,
      stages: outcomes.outcomes,
    };
  } catch (error) {
    eventWork?.stop();
    if (error instanceof StageError) log(`${error.stage}: failed, ${error.message}`);
    await failRun(runId, (error as Error).message).catch(() => {});
    for (const line of logLines) await appendRunLog(runId, line).catch(() => {});
    throw error;
  }
}
