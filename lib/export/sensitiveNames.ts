/**
 * Tells whether an attribute is one the dataset marks sensitive. Case-insensitive, as the
 * pipeline compares them, so "Religion" in the settings also hides a "religion" column.
 */
export function sensitiveNames(names: readonly string[]): (attribute: string) => boolean {
  const hidden = new Set(names.map((name) => name.toLowerCase()));
  return (attribute) => hidden.has(attribute.toLowerCase());
}
