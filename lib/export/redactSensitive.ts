import type { Persona } from '@/lib/runs/persona.types';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The persona without the attributes `isSensitive` names: their distributions, and the
 * sentence the pipeline wrote about them into the description ("38% have gender female (vs 24%
 * overall)."). The pipeline leaves sensitive attributes out when it trains, so this matters for
 * attributes marked sensitive after the run was trained.
 */
export function redactSensitive(persona: Persona, isSensitive: (attribute: string) => boolean): Persona {
  const hidden = Object.keys(persona.attributes).filter(isSensitive);
  if (hidden.length === 0) return persona;
  let description = persona.description;
  for (const name of hidden) {
    const sentence = new RegExp(`\\s*[0-9.]+% have ${escapeRegExp(name)} .*?\\(vs [0-9.]+% overall\\)\\.`, 'gi');
    description = description.replace(sentence, '');
  }
  return {
    ...persona,
    description: description.trim(),
    attributes: Object.fromEntries(Object.entries(persona.attributes).filter(([name]) => !isSensitive(name))),
  };
}
