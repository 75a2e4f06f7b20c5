/**
 * A Postgres array literal of numbers (`{1,2.5,-Infinity}`), for parameters cast to float8[],
 * real[] or int[]: node-postgres quotes and escapes every element of an array parameter one by
 * one, which on a profile update's tens of thousands of numbers cost more than the query.
 */
export function numberArrayLiteral(values: ArrayLike<number>): string {
  let text = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) text += ',';
    text += String(values[i]);
  }
  return `${text}}`;
}
