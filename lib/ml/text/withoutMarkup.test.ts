import { describe, expect, it } from 'vitest';
import { analyseText } from './analyseText';
import { withoutMarkup } from './withoutMarkup';

describe('withoutMarkup', () => {
  it('takes out tags with their attributes, comments, script and style elements', () => {
    expect(withoutMarkup('Great <b>mug</b>!<br/>Would buy again')).toBe('Great  mug ! Would buy again');
    expect(withoutMarkup('<img src=x onerror=alert(1)>nice')).toBe(' nice');
    expect(withoutMarkup('ok<script>alert("x")</script> fine<style>p{}</style><!-- hidden -->')).toBe('ok  fine  ');
  });

  it('reads common entities as their characters and leaves text that only looks like markup', () => {
    expect(withoutMarkup('Tom &amp; Jerry &lt;3 &#233;t&#xE9; &nbsp;x &bogus;')).toBe('Tom & Jerry <3 été  x &bogus;');
    expect(withoutMarkup('love it <3 and 2 < 5 > 1')).toBe('love it <3 and 2 < 5 > 1');
    expect(withoutMarkup('plain text')).toBe('plain text');
  });
});

describe('analyseText on markup', () => {
  it('finds no keyword in tag or attribute names', () => {
    const { terms } = analyseText('<img src=x onerror=alert(1)> The <b>kettle</b> boils quickly<br/>');
    for (const markup of ['img', 'src', 'onerror', 'alert', 'br']) expect(terms).not.toContain(markup);
    expect(terms).toContain('kettle');
  });
});
