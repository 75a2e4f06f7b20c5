import { attributeTraining } from './targets/attributeTraining';
import { churnTraining } from './targets/churnTraining';
import { goalTraining } from './targets/goalTraining';
import { propensityTraining } from './targets/propensityTraining';
import type { TargetKey } from './targets/targetDefinition';
import type { TargetTraining } from './targets/targetTraining';
import { valueTraining } from './targets/valueTraining';

/**
 * How each target of the registry is trained, by key: the type asks for one per registered key,
 * so a target added to targetRegistry without its training does not compile.
 */
export const targetTrainings: Record<TargetKey, TargetTraining<unknown>> = {
  churn: churnTraining as TargetTraining<unknown>,
  propensity: propensityTraining as TargetTraining<unknown>,
  value: valueTraining as TargetTraining<unknown>,
  goal: goalTraining as TargetTraining<unknown>,
  attribute: attributeTraining as TargetTraining<unknown>,
};
