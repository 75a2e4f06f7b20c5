import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { locales } from '@/lib/i18n/locales';
import { flattenMessages, readMessages } from '@/test/helpers/messageTree';

const root = path.resolve(import.meta.dirname, '../..');

/** The arguments and rich-text tags a message needs, e.g. ["arg:count", "tag:link"]. */
function slots(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.argument || element.type === TYPE.number || element.type === TYPE.date)
        found.add(`arg:${element.value}`);
      if (element.type === TYPE.plural || element.type === TYPE.select) {
        found.add(`arg:${element.value}`);
        for (const option of Object.values(element.options)) walk(option.value);
      }
      if (element.type === TYPE.tag) {
        found.add(`tag:${element.value}`);
        walk(element.children);
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

const english = flattenMessages(readMessages('en'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'api' && dir.endsWith('app') ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

/**
 * Every literal key a component asks for: `const t = useTranslations('Ns')` (or
 * getTranslations) then `t('key')`, `t.rich('key', ...)`. Keys built at run time are left to
 * the type-check (global.d.ts types them against messages/en.json).
 */
function usedKeys(): { file: string; key: string }[] {
  const used: { file: string; key: string }[] = [];
  for (const file of ['app', 'components', 'hooks'].flatMap((dir) => sourceFiles(path.join(root, dir)))) {
    const source = readFileSync(file, 'utf8');
    const translators = [
      ...source.matchAll(
        /(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations)\(\s*'([\w.]+)'/g,
      ),
    ];
    for (const [, name, namespace] of translators) {
      for (const call of source.matchAll(new RegExp(`\\b${name}(?:\\.rich|\\.markup|\\.raw)?\\(\\s*'([^']+)'`, 'g'))) {
        used.push({ file: path.relative(root, file), key: `${namespace}.${call[1]}` });
      }
    }
  }
  return used;
}

describe('dashboard messages', () => {
  for (const locale of locales.filter((l) => l !== 'en')) {
    const translated = flattenMessages(readMessages(locale));

    it(`${locale} has every English key and no key English lacks`, () => {
      expect([...english.keys()].filter((key) => !translated.has(key))).toEqual([]);
      expect([...translated.keys()].filter((key) => !english.has(key))).toEqual([]);
    });

    it(`${locale} messages parse and use the same arguments and tags as English`, () => {
      const mismatched = [...english].flatMap(([key, message]) => {
        const other = translated.get(key);
        if (other === undefined) return [];
        return slots(message).join() === slots(other).join() ? [] : [key];
      });
      expect(mismatched).toEqual([]);
    });

    it(`${locale} translates what it shows rather than repeating English`, () => {
      // Terms that read the same in both (AUC, nDCG@10, "Portrait") are allowed; whole English sentences are not.
      const untranslated = [...english].filter(
        ([key, message]) => message.split(' ').length > 3 && translated.get(key) === message,
      );
      expect(untranslated.map(([key]) => key)).toEqual([]);
    });
  }

  it('has no empty message', () => {
    expect([...english].filter(([, message]) => message.trim() === '').map(([key]) => key)).toEqual([]);
  });

  it('every key a component asks for exists', () => {
    const used = usedKeys();
    // The scan must see the screens' calls; a broken pattern would otherwise pass silently.
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter(({ key }) => !english.has(key)).map(({ file, key }) => `${file}: ${key}`)).toEqual([]);
  });
});
