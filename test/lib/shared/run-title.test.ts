// A run is named in the launcher menu's words for its script, else the lifecycle's, else not at all (its file stands).
import { describe, expect, it } from 'vitest';
import { runTitle, scriptName } from '../../../lib/shared/run-title';

const MENU = [
  { text: '<i class="fa-solid fa-rocket"></i> Start', href: 'start.js' },
  { text: 'Tools', menu: [{ text: 'Download <b>models</b>', href: 'download.js?model=sd' }] },
  { text: 'Docs', href: 'https://example.com/download.js' },
  { text: '', href: 'blank.js' },
];

describe('runTitle', () => {
  it('reads the menu item of the script, nested menus and query strings included', () => {
    expect(runTitle('/home/h/api/a/start.js', MENU)).toBe('Start');
    expect(runTitle('download.js', MENU)).toBe('Download models');
  });

  it('falls back to the lifecycle word, then to nothing', () => {
    expect(runTitle('install.json', MENU)).toBe('Install');
    expect(runTitle('fetch', [])).toBe('Install');
    expect(runTitle('update.js')).toBe('Update');
    expect(runTitle('blank.js', MENU)).toBeNull();
    expect(runTitle('other.js', MENU)).toBeNull();
  });

  it('names the file of a path', () => {
    expect(scriptName('/a/b/c.json')).toBe('c.json');
    expect(scriptName('c:\\a\\b.js')).toBe('b.js');
  });
});
