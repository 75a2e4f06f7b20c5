// Shared shapes for the pipeline. Dense data is row-major in typed arrays with its shape beside it.

export interface DenseMatrix {
  rows: number;
  cols: number;
  /** row-major, length rows * cols */
  data: Float32Array;
}

/** Row `row` of a matrix, as a view on its data (no copy). */
export function rowOf(matrix: DenseMatrix, row: number): Float32Array {
  return matrix.data.subarray(row * matrix.cols, (row + 1) * matrix.cols);
}

/**
 * A dataset's events in columnar form, as the pipeline reads them from Postgres.
 * Events are sorted by user, then by time. Users, items and types are dense indexes
 * into the id arrays.
 */
export interface EventTable {
  userIds: string[];
  itemIds: string[];
  types: string[];
  /** one entry per event */
  user: Int32Array;
  /** -1 when the event names no item */
  item: Int32Array;
  type: Int32Array;
  /** epoch milliseconds */
  ts: Float64Array;
  /** NaN when the event has no value */
  value: Float64Array;
  /** null when the event has no text; empty when handed to a stage that reads no text */
  text: (string | null)[];
}

/** Items in the order of EventTable.itemIds. */
export interface ItemTable {
  titles: (string | null)[];
  /** categories per item; an item can have several */
  categories: string[][];
  /** NaN when unknown */
  price: Float64Array;
}

/** A user attribute column, in the order of EventTable.userIds; null where the user lacks it. */
export interface AttributeColumn {
  name: string;
  kind: 'number' | 'boolean' | 'string';
  values: (string | number | boolean | null)[];
}

export interface PipelineSettings {
  /** event types that count as purchases (default purchase, order, buy) */
  purchaseTypes: string[];
  /** segments smaller than this are never shown as personas */
  segmentSizeFloor: number;
  /** prediction horizon in days */
  horizonDays: number;
  /** horizon of predicted value (expected spend in the next so many days) */
  valueHorizonDays: number;
  /** attributes never inferred, shown or exported */
  sensitiveAttributes: string[];
  /**
   * answer columns kept only to evaluate against (the demo's planted true_persona): never a
   * feature, a prediction target, or shown in personas, profiles, quality or exports, but offered
   * as a truth to `portrait evaluate`
   */
  evaluationOnlyAttributes: string[];
  /**
   * how the run validates its recommender and `portrait evaluate` holds items out by default:
   * each user's latest items (time: what comes next) or a random share (random: for logs whose
   * order says little, such as ratings entered in one sitting). EASE's best λ differs between the
   * two (133 against about 900 on MovieLens 100k), so a model tuned on one falls short on the other.
   */
  recommendSplit: 'time' | 'random';
}

export const defaultPipelineSettings: PipelineSettings = {
  purchaseTypes: ['purchase', 'order', 'buy'],
  segmentSizeFloor: 20,
  horizonDays: 30,
  valueHorizonDays: 90,
  sensitiveAttributes: [],
  evaluationOnlyAttributes: ['true_persona'],
  recommendSplit: 'time',
};
