import { z } from 'zod';
import { storableText } from '@/lib/http/requestSchemas';

/** A custom goal as an admin defines it, from the dashboard, the API or `portrait goals add`. */
export const goalRequest = z.object({
  name: storableText.trim().min(1).max(200),
  /** an event type the dataset has, e.g. purchase */
  eventType: storableText.min(1).max(200),
  /** only events on an item of this category count */
  category: storableText.min(1).max(200).nullish(),
  /** only events with a value over this count */
  minValue: z.number().finite().nullish(),
  /** within this many days of the last event (1 to 365) */
  horizonDays: z.number().int().min(1).max(365),
});
export type GoalRequest = z.infer<typeof goalRequest>;
