/** How one field is filled, as the mapping editor shows it; `sourceFromChoice` writes it in the `--map` language. */
export type MappingChoice =
  | { mode: 'none' }
  | { mode: 'column'; column: string }
  | { mode: 'constant'; value: string }
  | { mode: 'product'; left: string; right: string };

export function choiceFromSource(source: string | undefined, header: readonly string[]): MappingChoice {
  if (source === undefined) return { mode: 'none' };
  const column = header.find((name) => name.trim().toLowerCase() === source.trim().toLowerCase());
  if (column !== undefined) return { mode: 'column', column };
  if (source.startsWith(':')) return { mode: 'constant', value: source.slice(1) };
  const factors = source.split('*');
  if (factors.length === 2) return { mode: 'product', left: factors[0].trim(), right: factors[1].trim() };
  return { mode: 'column', column: source };
}

export function sourceFromChoice(choice: MappingChoice): string | undefined {
  switch (choice.mode) {
    case 'none':
      return undefined;
    case 'column':
      return choice.column;
    case 'constant':
      return `:${choice.value}`;
    case 'product':
      return `${choice.left}*${choice.right}`;
  }
}
