import model from 'wink-eng-lite-web-model';
import winkNLP, { type WinkMethods } from 'wink-nlp';

let instance: WinkMethods | null = null;

/** The English pipeline (tokens, lemmas, negation, sentiment, entities), loaded once per process. */
export function winkEnglish(): WinkMethods {
  instance ??= winkNLP(model);
  return instance;
}

export type WinkDocument = ReturnType<WinkMethods['readDoc']>;

/** Lemmas of a document's tokens (wink's typings reject its.lemma in out(), the runtime accepts it). */
export function tokenLemmas(doc: WinkDocument): string[] {
  const its = winkEnglish().its;
  return doc.tokens().out(its.lemma as unknown as typeof its.normal) as string[];
}
