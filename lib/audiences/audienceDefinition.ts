import { z } from 'zod';
import { storableText } from '@/lib/http/requestSchemas';

// An audience is a tree of conditions joined by AND / OR groups and NOT, over one dataset's
// active run (segments, scores, profile values, attributes) and its events. The same schema
// validates the API, the editor and the stored definitions; compileAudience turns it into SQL.

const comparison = z.enum(['gte', 'lte']);
export type Comparison = z.infer<typeof comparison>;

export const segmentCondition = z.object({
  kind: z.literal('segment'),
  /** the segment as it was chosen: its index in `runId`, and its persona name then */
  segmentIndex: z.number().int().min(0),
  runId: z.number().int().positive(),
  persona: storableText.max(200).optional(),
});

export const scoreCondition = z.object({
  kind: z.literal('score'),
  /** a prediction target of the run: churn, propensity:<category>, attr:<name> */
  target: storableText.min(1).max(200),
  op: comparison,
  /** a probability for churn, propensities and yes/no attributes; the predicted number for a numeric one */
  value: z.number().finite(),
  /** for an inferred attribute: only users whose most likely value is this one */
  predicted: storableText.max(200).optional(),
});

export const profileFields = ['recency', 'frequency', 'spend', 'tenure', 'categoryAffinity', 'feature'] as const;

export const profileCondition = z.object({
  kind: z.literal('profile'),
  field: z.enum(profileFields),
  op: comparison,
  value: z.number().finite(),
  /** categoryAffinity: the category; feature: the feature name the run stored */
  name: storableText.min(1).max(200).optional(),
});

export const attributeCondition = z.object({
  kind: z.literal('attribute'),
  name: storableText.min(1).max(200),
  /** a text or boolean attribute equals `value`; a number compares with `op` */
  op: z.enum(['eq', 'gte', 'lte']),
  value: z.union([storableText.max(500), z.number().finite()]),
});

export const behaviourCondition = z.object({
  kind: z.literal('behaviour'),
  /** false: did NOT do it (fewer than `atLeast` times) */
  did: z.boolean(),
  eventType: storableText.min(1).max(200),
  category: storableText.min(1).max(200).optional(),
  minValue: z.number().finite().optional(),
  atLeast: z.number().int().min(1).max(1_000_000).default(1),
  /** counted back from the dataset's newest event, so imported history reads as it did on its last day */
  withinDays: z.number().int().min(1).max(3650),
});

export type SegmentCondition = z.infer<typeof segmentCondition>;
export type ScoreCondition = z.infer<typeof scoreCondition>;
export type ProfileCondition = z.infer<typeof profileCondition>;
export type AttributeCondition = z.infer<typeof attributeCondition>;
export type BehaviourCondition = z.infer<typeof behaviourCondition>;

export type AudienceCondition =
  | SegmentCondition
  | ScoreCondition
  | ProfileCondition
  | AttributeCondition
  | BehaviourCondition
  | { kind: 'and' | 'or'; conditions: AudienceCondition[] }
  | { kind: 'not'; condition: AudienceCondition };

/** Deep enough for any rule a person writes; a limit so a request cannot nest without end. */
export const maxDepth = 8;
export const maxConditions = 50;

export const audienceCondition: z.ZodType<AudienceCondition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    segmentCondition,
    scoreCondition,
    profileCondition,
    attributeCondition,
    behaviourCondition,
    z.object({ kind: z.enum(['and', 'or']), conditions: z.array(audienceCondition).min(1).max(maxConditions) }),
    z.object({ kind: z.literal('not'), condition: audienceCondition }),
  ]),
) as z.ZodType<AudienceCondition>;

function depthAndCount(node: AudienceCondition, depth = 1): { depth: number; count: number } {
  if (node.kind === 'and' || node.kind === 'or') {
    return node.conditions.reduce(
      (sum, child) => {
        const inner = depthAndCount(child, depth + 1);
        return { depth: Math.max(sum.depth, inner.depth), count: sum.count + inner.count };
      },
      { depth, count: 0 },
    );
  }
  if (node.kind === 'not') return depthAndCount(node.condition, depth + 1);
  return { depth, count: 1 };
}

export const audienceDefinition = z
  .object({
    version: z.literal(1).default(1),
    root: audienceCondition,
    /** a lookalike audience: the `size` users nearest to the members of `root` (its seed), not them */
    lookalike: z.object({ size: z.number().int().min(1).max(1_000_000) }).optional(),
  })
  .superRefine((definition, context) => {
    const { depth, count } = depthAndCount(definition.root);
    if (depth > maxDepth) context.addIssue({ code: 'custom', message: `Groups nest at most ${maxDepth} deep` });
    if (count > maxConditions) {
      context.addIssue({ code: 'custom', message: `An audience has at most ${maxConditions} conditions` });
    }
  });
export type AudienceDefinition = z.infer<typeof audienceDefinition>;

/** Every leaf condition of a tree, in order. */
export function leafConditions(node: AudienceCondition): AudienceCondition[] {
  if (node.kind === 'and' || node.kind === 'or') return node.conditions.flatMap(leafConditions);
  if (node.kind === 'not') return leafConditions(node.condition);
  return [node];
}

/** The same tree with each leaf replaced by `replace(leaf)`. */
export function mapLeaves(
  node: AudienceCondition,
  replace: (leaf: AudienceCondition) => AudienceCondition,
): AudienceCondition {
  if (node.kind === 'and' || node.kind === 'or') {
    return { kind: node.kind, conditions: node.conditions.map((child) => mapLeaves(child, replace)) };
  }
  if (node.kind === 'not') return { kind: 'not', condition: mapLeaves(node.condition, replace) };
  return replace(node);
}
