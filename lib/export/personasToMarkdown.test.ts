import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from './personasToMarkdown';

describe('escapeMarkdown', () => {
  it('shows text from the data as typed: no HTML, links, emphasis, table breaks or new lines', () => {
    expect(escapeMarkdown('<script>alert(1)</script>')).toBe('\\<script\\>alert(1)\\</script\\>');
    expect(escapeMarkdown('[click](http://evil.example)')).toBe('\\[click\\](http://evil.example)');
    expect(escapeMarkdown('a | b')).toBe('a \\| b');
    expect(escapeMarkdown('*bold* and _em_')).toBe('\\*bold\\* and \\_em\\_');
    expect(escapeMarkdown('two\n\nlines')).toBe('two lines');
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
  });

  it('leaves underscores inside words readable', () => {
    expect(escapeMarkdown('signup_channel')).toBe('signup_channel');
  });
});
