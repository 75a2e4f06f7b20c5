/**
 * A column or event-type name as an analyst reads it: `signup_channel` -> "Signup channel",
 * `add-to-cart` -> "Add to cart". Names that already hold spaces or capitals are left alone.
 */
export function displayName(name: string): string {
  if (/\s/.test(name) || /[A-Z]/.test(name)) return name;
  const words = name.replace(/[_\-.]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : name;
}
