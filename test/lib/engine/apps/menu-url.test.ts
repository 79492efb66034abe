// The app's address from its menu: the first loopback link, in items or submenus; other links are not the app.
import { describe, expect, it } from 'vitest';
import { loopbackUrlOf } from '../../../../lib/engine/apps/menu-url';

describe('loopbackUrlOf', () => {
  it('finds the first loopback http link, also inside a submenu', () => {
    expect(
      loopbackUrlOf([
        { text: 'Docs', href: 'https://github.com/oobabooga/text-generation-webui' },
        { text: 'Start', href: 'start.json' },
        { text: 'More', menu: [{ text: 'Open Web UI', href: 'http://127.0.0.1:7860' }] },
      ]),
    ).toBe('http://127.0.0.1:7860');
    expect(loopbackUrlOf([{ text: 'Open', href: 'http://localhost:8188/' }])).toBe(
      'http://localhost:8188/',
    );
  });

  it('offers nothing for remote links, scripts or look-alike hosts', () => {
    expect(
      loopbackUrlOf([
        { text: 'Remote', href: 'http://127.0.0.1.example.com:7860' },
        { text: 'Docs', href: 'https://huggingface.co' },
        { text: 'Run', href: 'run.js' },
      ]),
    ).toBeNull();
  });
});
