// The log cleaner on real output of git, pip and npm recorded in a terminal, and on the edge cases it handles.
/* oxlint-disable no-control-regex -- the samples are terminal output with escape sequences */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogLineAssembler, cleanLogLines, cleanLogText } from '@/lib/shared/log-text';

const SAMPLES = path.join(__dirname, '../../fixtures/log-samples');
const sample = (name: string) => readFileSync(path.join(SAMPLES, name), 'utf8');
const plain = (line: string) => line.replace(/\x1b\[[0-9;]*m/g, '');

/** Feeds the text in small pieces, as a pty delivers it, so escapes and CRLF pairs split across chunks. */
function chunked(text: string, size: number): string[] {
  const assembler = new LogLineAssembler();
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += size)
    lines.push(...assembler.push(text.slice(i, i + size)));
  if (assembler.current()) lines.push(assembler.current());
  return lines;
}

describe('cleanLogLines on recorded output', () => {
  it('git clone --progress: one line per phase, the last state of each', () => {
    const raw = sample('git-clone.raw');
    expect(raw.split('\r').length).toBeGreaterThan(20);
    const lines = cleanLogLines(raw).map((l) => l.trimEnd());
    expect(lines).toContain("Cloning into 'dst'...");
    const receiving = lines.filter((l) => l.startsWith('Receiving objects'));
    expect(receiving).toHaveLength(1);
    expect(receiving[0]).toMatch(/100% \(302\/302\).*done\.$/);
    expect(lines.filter((l) => l.startsWith('remote: Counting objects'))).toHaveLength(1);
    expect(lines.length).toBeLessThan(10);
  });

  it('pip download: the progress bar collapses to one coloured line', () => {
    const lines = cleanLogLines(sample('pip-download.raw'));
    const bars = lines.filter((l) => plain(l).includes('/30.0 MB'));
    expect(bars).toHaveLength(1);
    expect(plain(bars[0])).toMatch(/30\.0\/30\.0 MB/);
    expect(bars[0]).toContain('\x1b[32m');
    expect(lines.some((l) => l.includes('\x1b[?25'))).toBe(false);
    expect(lines.map(plain)).toContain('Successfully downloaded fakepkg');
  });

  it('npm install: braille spinner frames leave no line behind', () => {
    const raw = sample('npm-install.raw');
    expect(raw).toMatch(/[\u2800-\u28ff]/);
    expect(cleanLogLines(raw)).toEqual(['added 1 package in 288ms']);
  });

  it('gives the same lines whatever the chunk size', () => {
    for (const name of ['git-clone.raw', 'pip-download.raw', 'npm-install.raw']) {
      const whole = cleanLogLines(sample(name));
      for (const size of [1, 3, 7, 64]) expect(chunked(sample(name), size)).toEqual(whole);
    }
  });
});

describe('LogLineAssembler', () => {
  it('redraws on a carriage return split from its line across chunks', () => {
    const a = new LogLineAssembler();
    expect(a.push('progress 10%\r')).toEqual([]);
    expect(a.current()).toBe('progress 10%');
    expect(a.push('progress 20%\r')).toEqual([]);
    expect(a.current()).toBe('progress 20%');
    expect(a.push('\n')).toEqual(['progress 20%']);
  });

  it("erases with backspaces: pip's |/-\\ spinner leaves only its result", () => {
    expect(cleanLogLines('Installing build dependencies ... |\b/\b-\b\\\b|\bdone\n')).toEqual([
      'Installing build dependencies ... done',
    ]);
  });

  it('drops a line made only of spinner frames and keeps real blank lines', () => {
    expect(cleanLogLines('a\n\n|\r/\r-\r\\\r\nb\n⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏\n')).toEqual(['a', '', 'b']);
  });

  it('removes braille frames but keeps the text and colours after them', () => {
    expect(cleanLogLines('\x1b[33m⠋ reify: timing\x1b[0m\n')).toEqual([
      '\x1b[33mreify: timing\x1b[0m',
    ]);
  });
});

describe('cleanLogText', () => {
  it('ends every line with a newline and is empty for empty input', () => {
    expect(cleanLogText('')).toBe('');
    expect(cleanLogText('a\r\nb\rc')).toBe('a\nc\n');
  });
});
