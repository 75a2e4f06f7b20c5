import { parseNumber } from './fieldSource';

export type AttributeKind = 'number' | 'boolean' | 'string';

const booleanPattern = /^(?:true|false|yes|no)$/i;
/** The boolean texts that mean true, lower-cased, for the SQL that stores them. */
export const trueTexts = ['true', 'yes'];

/**
 * Infers each user attribute's type from every value of its column: number when all parse as
 * numbers, boolean when all are true/false/yes/no, else string.
 */
export class AttributeKinds {
  private readonly notNumber = new Set<string>();
  private readonly notBoolean = new Set<string>();
  private readonly seen = new Set<string>();

  observe(name: string, text: string): void {
    this.seen.add(name);
    if (!this.notNumber.has(name) && parseNumber(text) === null) this.notNumber.add(name);
    if (!this.notBoolean.has(name) && !booleanPattern.test(text)) this.notBoolean.add(name);
  }

  /** name -> kind for every attribute that had at least one value */
  kinds(): Map<string, AttributeKind> {
    const kinds = new Map<string, AttributeKind>();
    for (const name of this.seen) {
      kinds.set(name, !this.notNumber.has(name) ? 'number' : !this.notBoolean.has(name) ? 'boolean' : 'string');
    }
    return kinds;
  }
}
