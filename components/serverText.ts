import { optionalTrainingStages, trainingStages } from '@/lib/training/stageOutcome';
import type { Translate } from './personaText';

/**
 * Texts the server writes in English and stores as they are (job stages, failure reasons, stage
 * outcomes, "not predictive" verdicts, rows an import refuses). They are matched here against the
 * sentences the server is known to write and said again in the user's language, with the
 * sentence's own values (numbers, names, the data's words) kept; a text no rule knows (a
 * library's error message) is shown as written. Rules are tried in order; named groups become
 * the message's arguments, and groups listed in `nested` are translated themselves first.
 */
interface Rule {
  pattern: RegExp;
  key: string;
  nested?: string[];
  /** a group holding several texts, split where `split` matches, each translated */
  list?: { group: string; split: RegExp };
}

const stages = [
  'starting',
  'checking data',
  'loading events',
  'behaviour features',
  'behaviour embedding',
  'review text',
  'user profiles',
  'segments',
  'map',
  'predictions and recommendations',
  'predictions',
  'personas',
  'saving the run',
  'done',
  'exporting',
  'exporting members',
  'writing',
  'importing',
  'sending',
  'segments against truth attributes',
  'recommendations on held-out items',
  'attribute inference, 5-fold cross-validation',
  'churn on held-out users',
  'predicted value on held-out users',
  'rating prediction, 5-fold cross-validation',
  'churn and purchase propensity models',
  'attribute models',
  'recommendations',
  'custom goals on held-out users',
] as const;

/** The message key of a stage name: "saving the run" -> "saving_the_run". */
export const stageKey = (stage: string) => stage.replace(/[^a-z0-9]+/gi, '_');

const trainingStagesPattern = [...trainingStages, ...optionalTrainingStages].join('|');

export const serverTextRules: Rule[] = [
  // a job's log line: its time, then the text
  { pattern: /^(?<time>\d\d:\d\d:\d\d) (?<line>.+)$/, key: 'logLine', nested: ['line'] },
  {
    pattern: /^Data: (?<users>\d+) users with events, (?<events>\d+) events, (?<types>\d+) event types?$/,
    key: 'logData',
  },
  // the compute device a run chose; the reasons a device was skipped are the libraries' own words
  {
    pattern: /^Device: (?<device>\S+) \(asked for (?<requested>\w+)(?:; (?<skipped>.+))?\)$/,
    key: 'logDevice',
    list: { group: 'skipped', split: /; (?=\w+ skipped: )/ },
  },
  { pattern: /^(?<device>\w+) skipped: (?<reason>.+)$/, key: 'deviceSkipped', nested: ['reason'] },
  // why a device was skipped, when Portrait itself found it (a driver's own message stays as written)
  { pattern: /^onnxruntime-node is not installed$/, key: 'device.noOnnxruntime' },
  { pattern: /^a test session did not finish in (?<seconds>\d+) s$/, key: 'device.probeTimeout' },
  {
    pattern: /^a test session crashed \((?<signal>[^)]+)\): (?<message>.+)$/,
    key: 'device.probeCrashed',
    nested: ['message'],
  },
  { pattern: /^no message$/, key: 'device.noMessage' },
  {
    pattern:
      /^onnxruntime-node's CUDA provider libraries are not installed \(install with (?<install>[^,]+), (?<cuda>CUDA [\d.]+) and (?<cudnn>cuDNN [\d.]+)\)$/,
    key: 'device.noCudaLibraries',
  },
  {
    pattern: /^no Vulkan loader \((?<library>\S+), Debian package (?<package>\S+)\) on this machine$/,
    key: 'device.noVulkanLoader',
  },
  {
    pattern:
      /^no Vulkan driver: no ICD file in (?<first>\S+) or (?<second>\S+) \(set (?<variable>\w+) to the GPU driver's\)$/,
    key: 'device.noVulkanDriver',
  },
  { pattern: /^could not load the text model: (?<error>.+)$/, key: 'device.textModelFailed' },
  { pattern: /^Text embedded with (?<model>\S+) on (?<device>\w+)$/, key: 'logTextEmbedded' },
  // a GPU's part in a run: EASE's fits there, and the text model's fallbacks
  {
    pattern:
      /^EASE on (?<device>\w+): (?<done>\d+) of (?<total>\d+) fits on the device, (?<items>\d+) items; the rest on the CPU because (?<reason>.+)$/,
    key: 'device.easeFallback',
    nested: ['reason'],
  },
  {
    pattern:
      /^EASE on (?<device>\w+): (?<done>\d+) of (?<total>\d+) fits on the device \(Gram matrix and inverse as an ONNX graph\), (?<items>\d+) items modelled$/,
    key: 'device.easeOnDevice',
  },
  { pattern: /^the EASE graph failed on the device: (?<error>.+)$/, key: 'device.easeGraphFailed' },
  {
    pattern: /^the float32 inverse missed its tolerance \(residual (?<residual>\S+) > (?<tolerance>\S+)\)$/,
    key: 'device.easeTolerance',
  },
  {
    pattern: /^(?<device>\w+) is not available for text embeddings \((?<reason>.+)\); using the CPU$/,
    key: 'device.textNotAvailable',
    nested: ['reason'],
  },
  {
    pattern: /^(?<device>\w+) could not load the text model \((?<error>.+)\); using the CPU$/,
    key: 'device.textLoadFailed',
  },
  {
    pattern:
      /^PORTRAIT_TEXT_DTYPE=(?<dtype>\w+) asks for (?<file>\S+), which (?<folder>.+) does not have; embedding with the fp32 model$/,
    key: 'device.dtypeMissing',
  },
  {
    pattern: /^text model (?<model>\S+) could not be loaded as (?<dtype>\w+) \((?<error>.+)\); loading fp32$/,
    key: 'device.dtypeFailed',
  },
  // custom goals: a retrain's log, and what the goals API refuses
  { pattern: /^Goal "(?<name>.*)" skipped: (?<reason>.+)$/, key: 'goals.logSkipped', nested: ['reason'] },
  { pattern: /^Goal "(?<name>.*)": hold-out AUC (?<auc>[\d.]+|NaN)$/, key: 'goals.logAuc' },
  { pattern: /^no goal has enough users who did it and who did not$/, key: 'goals.noneTrainable' },
  { pattern: /^no "(?<type>.*)" events in this dataset$/, key: 'goals.noEventsOfType' },
  { pattern: /^Unknown event type "(?<type>.*)": this dataset has no events$/, key: 'goals.unknownTypeNoEvents' },
  { pattern: /^Unknown event type "(?<type>.*)": this dataset has (?<types>.+)$/, key: 'goals.unknownType' },
  { pattern: /^Unknown category "(?<category>.*)": no item of this dataset has it$/, key: 'goals.unknownCategory' },
  { pattern: /^This dataset already has a goal named "(?<name>.*)"$/, key: 'goals.duplicateName' },
  { pattern: /^No goal (?<id>\d+) in this dataset$/, key: 'goals.notFound' },
  // a worker's pass over the datasets' event retention
  {
    pattern: /^Retention of dataset (?<dataset>\d+): deleted (?<deleted>\d+) events older than (?<days>\d+) days$/,
    key: 'retentionDeleted',
  },
  { pattern: /^Loaded (?<events>\d+) events of (?<users>\d+) users and (?<items>\d+) items$/, key: 'logLoaded' },
  { pattern: /^Text vectors from TF-IDF \+ SVD: (?<reason>.+)$/, key: 'logTfidf', nested: ['reason'] },
  {
    pattern: new RegExp(`^(?<stage>${trainingStagesPattern}): ran \\((?<note>.+)\\)$`),
    key: 'logRanNote',
    nested: ['note'],
  },
  { pattern: new RegExp(`^(?<stage>${trainingStagesPattern}): ran$`), key: 'logRan' },
  {
    pattern: new RegExp(`^(?<stage>${trainingStagesPattern}): (?<status>skipped|failed), (?<reason>.+)$`),
    key: 'logOutcome',
    nested: ['reason'],
  },
  // the models a prediction names
  { pattern: /^previous spend$/, key: 'models.previousSpend' },
  { pattern: /^ridge regression$/, key: 'models.ridge' },
  { pattern: /^boosted trees$/, key: 'models.boostedTrees' },
  { pattern: /^logistic regression$/, key: 'models.logistic' },

  // job progress inside a stage, "<stage>: <detail>"
  {
    pattern: /^(?<stage>review text|segments|predictions): (?<detail>.+)$/,
    key: 'inside',
    nested: ['stage', 'detail'],
  },
  { pattern: /^(?<step>analysing|embedding) (?<done>[\d,]+) of (?<total>[\d,]+) texts$/, key: 'texts' },
  {
    pattern: /^k-means for k = (?<k>\d+) \((?<done>\d+) of (?<total>\d+) candidates\)$/,
    key: 'kmeansCandidate',
  },
  { pattern: /^k = (?<k>\d+) on uniform noise, the baseline a real segmentation must beat$/, key: 'kmeansNoise' },
  { pattern: /^k = (?<k>\d+) on every user$/, key: 'kmeansFinal' },
  { pattern: /^attribute models: (?<name>.+) \((?<done>\d+) of (?<total>\d+)\)$/, key: 'attributeModel' },
  { pattern: /^importing \((?<rows>[\d,]+) rows\)$/, key: 'importingRows' },

  // job failures
  {
    pattern: /^Not enough data to train: (?<reasons>.+)$/,
    key: 'notEnoughData',
    // each reason starts with "only" or "no", which a reason's own "; " is not followed by
    list: { group: 'reasons', split: /; (?=only |no )/ },
  },
  { pattern: /^only (?<users>[\d,]+) users have events \(at least (?<min>\d+) are needed\)$/, key: 'fewUsers' },
  { pattern: /^only (?<events>[\d,]+) events \(at least (?<min>\d+) are needed\)$/, key: 'fewEvents' },
  {
    pattern: /^only (?<types>\d+) event types \("(?<type>.*)", \.\.\.\); at least (?<min>\d+) are needed$/,
    key: 'fewTypes',
  },
  { pattern: /^Cancelled on request$/, key: 'cancelledOnRequest' },
  { pattern: /^Cancelled before it started$/, key: 'cancelledBeforeStart' },
  { pattern: /^Timed out after (?<seconds>\d+) s$/, key: 'timedOut' },

  // stage outcomes and why a model was not trained or not trusted
  { pattern: /^no item ids in this dataset$/, key: 'noItems' },
  { pattern: /^no item or category was touched by two or more users$/, key: 'noSharedItems' },
  { pattern: /^no event has text$/, key: 'noText' },
  { pattern: /^no user attributes in this dataset$/, key: 'noAttributes' },
  { pattern: /^no attribute has enough labelled users$/, key: 'noLabelledAttribute' },
  { pattern: /^no rating events with an item and a value in this dataset$/, key: 'noRatings' },
  { pattern: /^no purchase events with a value in this dataset$/, key: 'noPurchaseValues' },
  { pattern: /^no categorised purchases before the cutoff$/, key: 'noCategorisedPurchases' },
  { pattern: /^the dataset has no events$/, key: 'noEvents' },
  { pattern: /^not enough data$/, key: 'notEnoughDataShort' },
  { pattern: /^no event types$/, key: 'noEventTypes' },
  { pattern: /^not trained$/, key: 'notTrained' },
  { pattern: /^no hold-out quality stored$/, key: 'noHoldout' },
  { pattern: /^the text model was turned off for this run$/, key: 'textModelOff' },
  {
    pattern: /^no events before the cutoff: the dataset spans less than the (?<days>\d+)-day horizon$/,
    key: 'shorterThanHorizon',
  },
  {
    pattern:
      /^only (?<count>[\d,]+) examples; at least (?<positives>\d+) positives and (?<negatives>\d+) negatives are needed$/,
    key: 'fewExamples',
  },
  {
    pattern:
      /^only (?<count>\d+) (?<kind>positive|negative) examples; at least (?<positives>\d+) positives and (?<negatives>\d+) negatives are needed$/,
    key: 'fewExamplesOfKind',
  },
  { pattern: /^only (?<count>[\d,]+) labelled users; at least (?<min>\d+) are needed$/, key: 'fewLabelled' },
  { pattern: /^every labelled user has the same value$/, key: 'sameValue' },
  { pattern: /^fewer than two classes have at least 10 labelled users$/, key: 'fewClasses' },
  { pattern: /^(?<name>.+) is marked sensitive and is never inferred$/, key: 'sensitive' },
  {
    pattern:
      /^only (?<spenders>[\d,]+) of the users active before the cutoff spent in the last (?<days>\d+) days \(10 needed\)$/,
    key: 'fewSpenders',
  },
  {
    pattern:
      /^only (?<users>[\d,]+) users active before the cutoff; at least (?<min>\d+) are needed to hold out enough to judge predicted spend$/,
    key: 'fewValueUsers',
  },
  { pattern: /^hold-out (?<metric>.+) could not be measured$/, key: 'notMeasured' },
  {
    pattern: /^not predictive: hold-out AUC (?<value>[\d.]+) is below (?<min>[\d.]+)$/,
    key: 'aucBelow',
  },
  {
    pattern: /^not predictive: hold-out macro-AUC (?<value>[\d.]+) is below (?<min>[\d.]+)$/,
    key: 'macroAucBelow',
  },
  // an audience's attribute condition the dataset cannot answer, and who may delete an audience
  { pattern: /^This dataset has no user attribute "(?<name>.+)"$/, key: 'noSuchAttribute' },
  {
    pattern:
      /^"(?<name>.+)" is (?<kind>text|yes or no): an audience can ask whether it equals a value, not whether it is at least or at most one$/,
    key: 'attributeEqualsOnly',
  },
  {
    pattern: /^"(?<name>.+)" is a number: compare it with a number, not "(?<value>.*)"$/,
    key: 'attributeNeedsNumber',
  },
  {
    pattern:
      /^Audience "(?<name>.+)" sends to a destination, which only an admin may remove: only an admin may delete it$/,
    key: 'audienceDeleteAdminOne',
  },
  {
    pattern:
      /^Audience "(?<name>.+)" sends to (?<count>\d+) destinations, which only an admin may remove: only an admin may delete it$/,
    key: 'audienceDeleteAdmin',
  },
  {
    pattern:
      /^not predictive: hold-out macro-F1 (?<value>[\d.]+) does not beat the majority class \((?<baseline>[\d.]+)\)$/,
    key: 'f1Majority',
  },
  {
    pattern:
      /^not predictive: hold-out Spearman (?<value>[-\d.]+) does not beat the previous period's spend \((?<baseline>[-\d.]+)\)$/,
    key: 'spearmanPrevious',
  },
  {
    pattern: /^not predictive: hold-out MAE (?<value>[\d.]+) does not beat the median \((?<baseline>[\d.]+)\)$/,
    key: 'maeMedian',
  },
  {
    pattern:
      /^not predictive: (?<model>.+) ranks hold-out spend with Spearman (?<value>[-\d.]+), no better than the previous (?<days>\d+) days' spend \((?<baseline>[-\d.]+)\)$/,
    key: 'valueRanks',
    nested: ['model'],
  },
  {
    pattern: /^one event type \("(?<type>.*)"\): recency, frequency, value and rhythm only, no event-type mix$/,
    key: 'oneEventType',
  },
  { pattern: /^(?<count>[\d,]+) texts could not be analysed and were left out$/, key: 'textsLeftOut' },
  { pattern: /^k = (?<k>\d+) \(silhouette (?<silhouette>[\d.]+)\)$/, key: 'kChosen' },
  {
    pattern:
      /^k = (?<k>\d+) \(silhouette (?<silhouette>[\d.]+); asked for (?<asked>\d+), (?<merged>\d+) segments? under the size floor of (?<floor>\d+) users merged into the nearest\)$/,
    key: 'kChosenAskedMerged',
  },
  {
    pattern:
      /^k = (?<k>\d+) \(silhouette (?<silhouette>[\d.]+); (?<merged>\d+) segments? under the size floor of (?<floor>\d+) users merged into the nearest\)$/,
    key: 'kChosenMerged',
  },
  { pattern: /^no clear segments: (?<reason>.+); one group$/, key: 'noClearSegments', nested: ['reason'] },
  {
    pattern:
      /^every k from (?<lower>\d+) to (?<upper>\d+) leaves a segment smaller than the size floor of (?<floor>\d+) users$/,
    key: 'floorEveryK',
  },
  {
    pattern: /^the best silhouette, (?<silhouette>[\d.]+) at k = (?<k>\d+), is below (?<min>[\d.]+)$/,
    key: 'silhouetteBelow',
  },
  {
    pattern:
      /^the best silhouette, (?<silhouette>[\d.]+) at k = (?<k>\d+), is no better than (?<noise>[\d.]+) on uniform noise$/,
    key: 'silhouetteNoise',
  },
  { pattern: /^(?<name>[\w-]+) served; it beat popularity on validation$/, key: 'recommenderServed' },
  {
    pattern: /^popularity served: no user has a second item to validate a trained recommender on$/,
    key: 'popularityNoValidation',
  },
  {
    pattern:
      /^popularity served: the best trained recommender, (?<name>[\w-]+) \(validation nDCG@10 (?<ndcg>[\d.]+)\), did not beat popularity \((?<popularity>[\d.]+)\)$/,
    key: 'popularityServed',
  },
  {
    pattern:
      /^popularity served: the best trained recommender, (?<name>[\w-]+) \(validation nDCG@10 (?<ndcg>[\d.]+)\), was above popularity \((?<popularity>[\d.]+)\) by no more than chance on (?<users>\d+) users$/,
    key: 'popularityServedWithinChance',
  },
  {
    pattern: /^not predictive for (?<names>.+) \(hold-out AUC below (?<min>[\d.]+)\); their scores are not stored$/,
    key: 'propensityNotPredictive',
  },
  { pattern: /^not predictive for (?<names>.+); their guesses are not stored$/, key: 'attributesNotPredictive' },
  { pattern: /^(?<reason>.+); no churn scores stored$/, key: 'noChurnScores', nested: ['reason'] },
  { pattern: /^(?<reason>.+); no predicted values stored$/, key: 'noPredictedValues', nested: ['reason'] },
  { pattern: /^mean plus biases served: (?<reason>.+)$/, key: 'baselineRatingsServed', nested: ['reason'] },
  { pattern: /^could not load text model (?<model>\S+): (?<error>.+)$/, key: 'textModelLoad' },
  {
    pattern:
      /^could not download text model (?<model>\S+) \((?<error>.+)\); put its folder in PORTRAIT_MODEL_DIR to use it offline$/,
    key: 'textModelDownload',
  },
  { pattern: /^text model (?<model>\S+) loaded but failed to run: (?<error>.+)$/, key: 'textModelRun' },

  // why an item is recommended, and why a run is out of date
  {
    pattern: /^people in your segment who (?<verb>bought|chose) "(?<because>.+)" also (?:bought|chose) "(?<item>.+)"$/,
    key: 'segmentCoPurchase',
  },
  { pattern: /^popular in your segment$/, key: 'popularInSegment' },
  { pattern: /^popular overall$/, key: 'popularOverall' },
  { pattern: /^similar to "(?<item>.+)" you rated (?<rating>[\d.]+)$/, key: 'similarRated' },
  { pattern: /^similar to "(?<item>.+)" you (?<via>bought|viewed|interacted with)$/, key: 'similarTo' },
  { pattern: /^(?<count>[\d,]+) events? arrived after the run's cut-off$/, key: 'eventsAfterCutoff' },
  { pattern: /^the run is (?<days>\d+) days old$/, key: 'runAge' },

  // refusals the API answers often
  {
    pattern:
      /^Demo mode: the automatic demo admin may import data, retrain, run jobs and save audiences, but not change accounts, API keys, settings or schedules, or delete anything\. Sign in as a real admin for that\.$/,
    key: 'demoRefusal',
  },
  { pattern: /^The server cannot be reached\. Is `npm start` still running\?$/, key: 'unreachable' },

  // a failed import job
  { pattern: /^Nothing was imported: the files could not be read$/, key: 'importUnreadable' },
  {
    pattern: /^Nothing was imported: (?<file>.+?) line (?<line>\d+): (?<reason>.+) \(and (?<more>\d+) more\)$/,
    key: 'importFailedMore',
    nested: ['reason'],
  },
  {
    pattern: /^Nothing was imported: (?<file>.+?) line (?<line>\d+): (?<reason>.+)$/,
    key: 'importFailed',
    nested: ['reason'],
  },

  // rows an import refuses
  { pattern: /^missing (?<field>user_id|type|ts|item_id)$/, key: 'missingField' },
  {
    pattern: /^bad timestamp "(?<text>.*)" \(expected (?<expected>.+)\)$/,
    key: 'badTimestamp',
    nested: ['expected'],
  },
  { pattern: /^ISO 8601 or epoch seconds\/ms$/, key: 'isoOrEpoch' },
  { pattern: /^(?<field>[\w ]+) "(?<text>.*)" is not a number$/, key: 'notANumber' },
  { pattern: /^not a JSON object$/, key: 'notJsonObject' },
  {
    pattern: /^the file has no data rows \(only a header, or nothing\), so no new dataset was created$/,
    key: 'noDataRows',
  },
  {
    pattern:
      /^(?<name>.+) is stored as text: (?<numbers>\d+) of its values are numbers but (?<others>\d+) (?:is|are) not \((?<examples>.+)\); to keep it a number, import the file again with those values as missing \(Missing values on the Import screen, or --map "(?<map>.+)"\)$/,
    key: 'storedAsText',
  },
  { pattern: /^(?<field>\w+) contains a NUL character \(\\u0000\)$/, key: 'nulCharacter' },
  {
    pattern: /^(?<field>\w+) is (?<length>\d+) characters long; ids may have at most (?<max>\d+)$/,
    key: 'idTooLong',
  },
  {
    pattern: /^line (?<line>\d+) is not valid UTF-8 \(byte (?<byte>0x[0-9A-F]+)\): save the file as UTF-8$/,
    key: 'notUtf8',
  },
  {
    pattern: /^the header names column "(?<name>.*)" twice \(columns (?<first>\d+) and (?<second>\d+)\): rename one$/,
    key: 'duplicateColumn',
  },
  { pattern: /^the key "(?<name>.*)" appears twice in one object$/, key: 'duplicateKey' },
];

export { stages as knownStages };

/** The text in the user's language when a rule knows it; `t` is the ServerText translator. */
export function translateServerText(text: string, t: Translate): string {
  const trimmed = text.trim();
  if ((stages as readonly string[]).includes(trimmed)) return t(`stages.${stageKey(trimmed)}`);
  for (const rule of serverTextRules) {
    const match = rule.pattern.exec(trimmed);
    if (!match) continue;
    const values: Record<string, string> = { ...(match.groups ?? {}) };
    for (const name of rule.nested ?? []) {
      if (values[name] !== undefined) values[name] = translateServerText(values[name], t);
    }
    if (rule.list && values[rule.list.group] !== undefined) {
      values[rule.list.group] = values[rule.list.group]
        .split(rule.list.split)
        .map((part) => translateServerText(part, t))
        .join(t('listSeparator'));
    }
    return t(rule.key, values);
  }
  return text;
}
