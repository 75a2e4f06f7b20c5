import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chineseSentiment } from './chineseSentiment';
import { parseLabelledSentences } from './parseLabelledSentences';
import { signAccuracy } from './sentimentAccuracy';

describe('chineseSentiment', () => {
  it('scores plainly positive and negative reviews with the right sign', () => {
    expect(chineseSentiment('这个手机非常好，我很喜欢')).toBeGreaterThan(0.5);
    expect(chineseSentiment('质量太差了，很失望')).toBeLessThan(-0.5);
  });

  it('flips a sentiment word after a negator but keeps 不错 positive', () => {
    expect(chineseSentiment('不喜欢')).toBeLessThan(0);
    expect(chineseSentiment('没有满意')).toBeLessThan(0);
    expect(chineseSentiment('东西不错')).toBeGreaterThan(0);
  });

  it('scales by intensifiers', () => {
    const plain = chineseSentiment('满意') ?? 0;
    const strong = chineseSentiment('非常满意') ?? 0;
    expect(strong).toBeGreaterThan(plain);
  });

  it('lets the clause after 但是 decide', () => {
    expect(chineseSentiment('东西不错，但是物流太慢，客服态度差')).toBeLessThan(0);
    expect(chineseSentiment('价格有点贵，不过质量很好')).toBeGreaterThan(0);
  });

  it('returns null, not 0, when no sentiment word occurs', () => {
    expect(chineseSentiment('今天下午三点到货')).toBeNull();
  });

  it('scores at least 95% of hand-written reviews, with the right sign on at least 90% of those', () => {
    const rows = readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures/chinese-reviews.tsv'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('\t') && !line.startsWith('#'))
      .map((line) => line.split('\t'));
    expect(rows.length).toBeGreaterThanOrEqual(60);
    const scored = rows.map(([text, label]) => ({ score: chineseSentiment(text), label }));
    const covered = scored.filter(({ score }) => score !== null);
    expect(covered.length / rows.length).toBeGreaterThanOrEqual(0.95);
    const right = covered.filter(({ score, label }) => ((score ?? 0) > 0 ? '1' : '0') === label);
    expect(right.length / covered.length).toBeGreaterThanOrEqual(0.9);
  });

  // Each set was written before the lexicon grew to cover it; only the dev sets were used to
  // grow it. Coverage counts every review, since every one of them bears sentiment by its label.
  it.each([
    ['chinese-reviews-dev.tsv', 150, 0.97, 0.95],
    ['chinese-reviews-dev-2.tsv', 100, 0.97, 0.95],
    ['chinese-reviews-heldout.tsv', 250, 0.95, 0.95],
  ])(
    'scores %s (%i reviews of five domains) with coverage and accuracy above thresholds',
    (file, size, coverage, accuracy) => {
      const data = parseLabelledSentences(
        readFileSync(path.resolve(import.meta.dirname, '../../../test/fixtures', file), 'utf8'),
      );
      expect(data.texts.length).toBe(size);
      const scored = data.texts.flatMap((text, i) => {
        const score = chineseSentiment(text);
        return score === null || score === 0 ? [] : [{ score, label: data.labels[i] }];
      });
      expect(scored.length / data.texts.length).toBeGreaterThanOrEqual(coverage);
      expect(
        signAccuracy(
          scored.map(({ score }) => score),
          scored.map(({ label }) => label),
        ),
      ).toBeGreaterThanOrEqual(accuracy);
    },
  );

  it('reads a relative adjective by the aspect it describes', () => {
    expect(chineseSentiment('房间很大')).toBeGreaterThan(0);
    expect(chineseSentiment('噪音很大')).toBeLessThan(0);
    expect(chineseSentiment('噪音不大')).toBeGreaterThan(0);
    expect(chineseSentiment('性价比很高')).toBeGreaterThan(0);
    expect(chineseSentiment('价格有点高')).toBeLessThan(0);
    expect(chineseSentiment('续航太短')).toBeLessThan(0);
    expect(chineseSentiment('书很厚')).toBeNull();
  });

  it('reads a negated verb the lexicon does not know, and a failed result, as a complaint', () => {
    expect(chineseSentiment('电话一直没人接听，邮件也没回')).toBeLessThan(0);
    expect(chineseSentiment('门锁打不开')).toBeLessThan(0);
    expect(chineseSentiment('这本书让我放不下')).toBeGreaterThan(0);
    expect(chineseSentiment('不用排队')).toBeGreaterThan(0);
    expect(chineseSentiment('猫咪一口都不吃')).toBeLessThan(0);
    expect(chineseSentiment('粉底很服帖，一整天都不脱妆')).toBeGreaterThan(0);
  });

  it('does not read 快 before a number or 好 before 几 as praise', () => {
    expect(chineseSentiment('快两个小时才到')).toBeNull();
    expect(chineseSentiment('好几天才到')).toBeNull();
  });

  it('ignores a sentiment character inside an unrelated word', () => {
    expect(chineseSentiment('好像明天到货')).toBeNull();
    expect(chineseSentiment('优衣库的门店在三楼')).toBeNull();
    expect(chineseSentiment('这部喜剧明天上映')).toBeNull();
  });

  it('reads degree words inside one jieba word', () => {
    expect(chineseSentiment('太贵了')).toBeLessThan(chineseSentiment('贵') ?? 0);
  });
});
