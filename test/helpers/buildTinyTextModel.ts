import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { createSeededRandom, type SeededRandom } from '@/lib/ml/runtime/seededRandom';

const { onnx } = onnxProto;

/**
 * Builds a small but valid BERT-shaped model folder (config.json, a WordPiece tokenizer and
 * onnx/model.onnx) so tests and benchmarks exercise the real transformers.js and
 * onnxruntime-node loading path without any download. The network is
 * Gather(word) + Gather(type) -> LayerNorm -> [MatMul + Add -> Tanh] x layers -> times mask,
 * with seeded random weights: no meaning, but deterministic and text-dependent.
 */
export interface TinyTextModelOptions {
  /** parent folder; a fresh temporary folder when omitted */
  parentDir?: string;
  /** folder name inside parentDir, which is also the model id transformers.js sees */
  name?: string;
  hiddenSize?: number;
  layers?: number;
  seed?: number;
  /**
   * also write onnx/model_fp16.onnx, the same graph with its token vectors cast to float16 (what a
   * PORTRAIT_TEXT_DTYPE=fp16 variant hands back), for the dtype's loading and conversion
   */
  fp16Variant?: boolean;
}

export interface TinyTextModel {
  /** the model folder */
  dir: string;
  parentDir: string;
  name: string;
  hiddenSize: number;
  vocabulary: string[];
}

const specialTokens = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

const commonWords = (
  'the a an and or but not no is are was were be been have has had do does did i you he she it we they ' +
  'me my your his her our their this that these those of in on at to for with from by about as into ' +
  'good great bad terrible love hate like phone battery food service place price quality time day ' +
  'order delivery product customer shop buy bought return refund fast slow cheap expensive nice ' +
  'happy sad best worst very really so too much many more most some any all one two three new old ' +
  'work works worked working broken screen sound case charger headset camera music book books movie ' +
  'coffee tea pizza burger restaurant staff friendly rude clean dirty fresh cold hot warm sweet salty ' +
  'recommend recommended again never always would could should will can cannot just only also still ' +
  'store online shipping size color red blue black white small large light heavy easy hard'
).split(' ');

function vocabularyList(): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
  const punctuation = '.,!?;:\'"()-$%&@#/'.split('');
  const words = [...new Set(commonWords)];
  return [
    ...specialTokens,
    ...punctuation,
    ...letters,
    ...letters.map((letter) => `##${letter}`),
    ...words,
    ...['##s', '##ed', '##ing', '##ly', '##er', '##est'],
  ];
}

function floatTensor(name: string, dims: number[], values: Float32Array) {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  });
}

function int64Tensor(name: string, dims: number[], values: number[]) {
  const data = new BigInt64Array(values.map((value) => BigInt(value)));
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: onnx.TensorProto.DataType.INT64,
    rawData: new Uint8Array(data.buffer),
  });
}

function randomMatrix(random: SeededRandom, length: number, scale: number): Float32Array {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = (random.next() * 2 - 1) * scale;
  return values;
}

function valueInfo(name: string, elemType: number, dims: (string | number)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: {
          dim: dims.map((dim) => (typeof dim === 'string' ? { dimParam: dim } : { dimValue: dim })),
        },
      },
    },
  });
}

function node(opType: string, inputs: string[], outputs: string[], attributes: object[] = []) {
  return onnx.NodeProto.create({ opType, input: inputs, output: outputs, name: outputs[0], attribute: attributes });
}

function buildOnnxModel(
  vocabularySize: number,
  hiddenSize: number,
  layers: number,
  seed: number,
  float16Output = false,
): Uint8Array {
  const random = createSeededRandom(seed);
  const initializers = [
    floatTensor('word_embeddings', [vocabularySize, hiddenSize], randomMatrix(random, vocabularySize * hiddenSize, 1)),
    floatTensor('token_type_embeddings', [2, hiddenSize], randomMatrix(random, 2 * hiddenSize, 0.1)),
    floatTensor('ln_gamma', [hiddenSize], new Float32Array(hiddenSize).fill(1)),
    floatTensor('ln_beta', [hiddenSize], new Float32Array(hiddenSize)),
    int64Tensor('unsqueeze_axes', [1], [-1]),
  ];
  const nodes = [
    node('Gather', ['word_embeddings', 'input_ids'], ['word_vectors']),
    node('Gather', ['token_type_embeddings', 'token_type_ids'], ['type_vectors']),
    node('Add', ['word_vectors', 'type_vectors'], ['embedded']),
    node(
      'LayerNormalization',
      ['embedded', 'ln_gamma', 'ln_beta'],
      ['hidden_0'],
      [
        { name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 },
        { name: 'epsilon', type: onnx.AttributeProto.AttributeType.FLOAT, f: 1e-5 },
      ],
    ),
  ];
  const weightScale = 1 / Math.sqrt(hiddenSize);
  for (let layer = 0; layer < layers; layer++) {
    initializers.push(
      floatTensor(
        `dense_${layer}_weight`,
        [hiddenSize, hiddenSize],
        randomMatrix(random, hiddenSize * hiddenSize, weightScale * 1.7),
      ),
      floatTensor(`dense_${layer}_bias`, [hiddenSize], randomMatrix(random, hiddenSize, 0.1)),
    );
    nodes.push(
      node('MatMul', [`hidden_${layer}`, `dense_${layer}_weight`], [`projected_${layer}`]),
      node('Add', [`projected_${layer}`, `dense_${layer}_bias`], [`biased_${layer}`]),
      node('Tanh', [`biased_${layer}`], [`hidden_${layer + 1}`]),
    );
  }
  nodes.push(
    node(
      'Cast',
      ['attention_mask'],
      ['mask_float'],
      [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.FLOAT }],
    ),
    node('Unsqueeze', ['mask_float', 'unsqueeze_axes'], ['mask_expanded']),
    node('Mul', [`hidden_${layers}`, 'mask_expanded'], [float16Output ? 'last_hidden_float' : 'last_hidden_state']),
  );
  if (float16Output)
    nodes.push(
      node(
        'Cast',
        ['last_hidden_float'],
        ['last_hidden_state'],
        [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.FLOAT16 }],
      ),
    );
  const int64 = onnx.TensorProto.DataType.INT64;
  const graph = onnx.GraphProto.create({
    name: 'tiny_bert',
    node: nodes,
    initializer: initializers,
    input: [
      valueInfo('input_ids', int64, ['batch_size', 'sequence_length']),
      valueInfo('attention_mask', int64, ['batch_size', 'sequence_length']),
      valueInfo('token_type_ids', int64, ['batch_size', 'sequence_length']),
    ],
    output: [
      valueInfo(
        'last_hidden_state',
        float16Output ? onnx.TensorProto.DataType.FLOAT16 : onnx.TensorProto.DataType.FLOAT,
        ['batch_size', 'sequence_length', hiddenSize],
      ),
    ],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'portrait-test',
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

function tokenizerJson(vocabulary: string[]) {
  const vocab = Object.fromEntries(vocabulary.map((token, id) => [token, id]));
  const special = (token: string) => ({
    id: vocab[token],
    content: token,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specialTokens.map(special),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [vocab['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [vocab['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}

export async function buildTinyTextModel(options: TinyTextModelOptions = {}): Promise<TinyTextModel> {
  const hiddenSize = options.hiddenSize ?? 128;
  const layers = options.layers ?? 1;
  const parentDir = options.parentDir ?? (await mkdtemp(path.join(tmpdir(), 'portrait-tiny-model-')));
  const name = options.name ?? 'tiny-bert';
  const dir = path.join(parentDir, name);
  const vocabulary = vocabularyList();
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: hiddenSize,
    num_hidden_layers: layers,
    num_attention_heads: 1,
    intermediate_size: hiddenSize,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    vocab_size: vocabulary.length,
    pad_token_id: 0,
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 512,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  };
  await Promise.all([
    writeFile(path.join(dir, 'config.json'), JSON.stringify(config, null, 2)),
    writeFile(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocabulary))),
    writeFile(path.join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2)),
    writeFile(
      path.join(dir, 'onnx', 'model.onnx'),
      buildOnnxModel(vocabulary.length, hiddenSize, layers, options.seed ?? 7),
    ),
    options.fp16Variant
      ? writeFile(
          path.join(dir, 'onnx', 'model_fp16.onnx'),
          buildOnnxModel(vocabulary.length, hiddenSize, layers, options.seed ?? 7, true),
        )
      : null,
  ]);
  return { dir, parentDir, name, hiddenSize, vocabulary };
}
