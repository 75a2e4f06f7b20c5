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
  private readonly notBoolean = new Set<string>();
  private readonly seen = new Set<string>();
  private readonly numbers = new Map<string, number>();
  private readonly others = new Map<string, { count: number; examples: Set<string> }>();

  observe(name: string, text: string): void {
    this.seen.add(name);
    if (parseNumber(text) === null) {
      const other = this.others.get(name) ?? { count: 0, examples: new Set<string>() };
      other.count += 1;
      if (other.examples.size < 3) other.examples.add(text);
      this.others.set(name, other);
    } else this.numbers.set(name, (this.numbers.get(name) ?? 0) + 1);
    if (!this.notBoolean.has(name) && !booleanPattern.test(text)) this.notBoolean.add(name);
  }

  /**
   * Columns typed as text though nearly all their values are numbers (at most 1 in 10 is not, and
   * at least 5 are): a stray token such as "unknown" made an age a category, whose values the
   * personas then list one by one.
   */
  mostlyNumbers(): { name: string; numbers: number; others: number; examples: string[] }[] {
    const found = [];
    for (const [name, other] of this.others) {
      const numbers = this.numbers.get(name) ?? 0;
      if (numbers >= 5 && other.count * 10 <= numbers + other.count)
        found.push({ name, numbers, others: other.count, examples: [...other.examples] });
    }
    return found;
  }

  /** name -> kind for every attribute that had at least one value */
  kinds(): Map<string, AttributeKind> {
    const kinds = new Map<string, AttributeKind>();
    for (const name of this.seen) {
      kinds.set(name, !this.others.has(name) ? 'number' : !this.notBoolean.has(name) ? 'boolean' : 'string');
    }
    return kinds;
  }
}
