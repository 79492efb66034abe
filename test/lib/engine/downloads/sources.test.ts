// Source rules: Drive share links and confirm pages, GitHub views and assets, HF endpoint, patterns and credentials.
import { describe, expect, it } from 'vitest';
import {
  credentialsFor,
  filterFiles,
  githubDirectUrl,
  githubHeaders,
  googleDriveConfirmUrl,
  googleDriveDirectUrl,
  hfEndpoint,
  hfFileUrl,
  hfRewrite,
  hfToken,
  resolveSource,
} from '../../../../lib/engine/downloads';

describe('download sources', () => {
  it('turns Google Drive share links into direct downloads', () => {
    const direct = 'https://drive.usercontent.google.com/download?id=1AbC_d-E&export=download';
    expect(googleDriveDirectUrl('https://drive.google.com/file/d/1AbC_d-E/view?usp=sharing')).toBe(
      direct,
    );
    expect(googleDriveDirectUrl('https://drive.google.com/open?id=1AbC_d-E')).toBe(direct);
    expect(googleDriveDirectUrl('https://drive.google.com/uc?id=1AbC_d-E&export=download')).toBe(
      direct,
    );
    expect(googleDriveDirectUrl('https://example.com/file/d/x/view')).toBe(
      'https://example.com/file/d/x/view',
    );
  });

  it('reads both kinds of Drive confirmation page', () => {
    const form =
      '<form id="download-form" action="https://drive.usercontent.google.com/download" method="get"><input type="hidden" name="id" value="F"><input type="hidden" name="confirm" value="t"><input type="hidden" name="uuid" value="u-1"></form>';
    expect(googleDriveConfirmUrl(form, 'https://drive.google.com/uc?id=F')).toBe(
      'https://drive.usercontent.google.com/download?id=F&confirm=t&uuid=u-1',
    );
    const old =
      '<a id="uc-download-link" href="/uc?export=download&amp;confirm=AbCd&amp;id=F">Download anyway</a>';
    expect(googleDriveConfirmUrl(old, 'https://drive.google.com/uc?id=F')).toBe(
      'https://drive.google.com/uc?export=download&confirm=AbCd&id=F',
    );
    expect(googleDriveConfirmUrl('<html>an ordinary page</html>', 'https://x/')).toBeNull();
  });

  it('maps GitHub file views to raw downloads and asks the API for asset bytes', () => {
    expect(githubDirectUrl('https://github.com/o/r/blob/main/models/a.bin')).toBe(
      'https://github.com/o/r/raw/main/models/a.bin',
    );
    expect(githubDirectUrl('https://github.com/o/r/releases/download/v1/app.zip')).toBe(
      'https://github.com/o/r/releases/download/v1/app.zip',
    );
    expect(githubHeaders(new URL('https://api.github.com/repos/o/r/releases/assets/123'))).toEqual({
      accept: 'application/octet-stream',
    });
    expect(githubHeaders(new URL('https://github.com/o/r/releases/download/v1/app.zip'))).toEqual(
      {},
    );
  });

  it('honours HF_ENDPOINT over the setting and moves huggingface.co URLs onto it', () => {
    expect(hfEndpoint({}, {})).toBe('https://huggingface.co');
    expect(hfEndpoint({}, { hfEndpoint: 'https://mirror.example/' })).toBe(
      'https://mirror.example',
    );
    expect(
      hfEndpoint({ HF_ENDPOINT: 'http://127.0.0.1:9' }, { hfEndpoint: 'https://mirror.example' }),
    ).toBe('http://127.0.0.1:9');
    expect(hfToken({ HF_TOKEN: 'env' }, { hfToken: 'set' })).toBe('env');
    expect(hfToken({}, { hfToken: 'set' })).toBe('set');
    expect(
      hfRewrite(
        'https://huggingface.co/o/m/resolve/main/a.safetensors?download=true',
        'http://127.0.0.1:9',
      ),
    ).toBe('http://127.0.0.1:9/o/m/resolve/main/a.safetensors?download=true');
    expect(hfFileUrl('https://hf.co', 'o/d', 'sub dir/x.json', 'v1', 'dataset')).toBe(
      'https://hf.co/datasets/o/d/resolve/v1/sub%20dir/x.json',
    );
  });

  it('filters repo files with fnmatch-style include and exclude patterns', () => {
    const files = [
      'model.safetensors',
      'sub/model.safetensors',
      'config.json',
      'README.md',
      'model-00001.bin',
    ];
    expect(filterFiles(files, ['*.safetensors'])).toEqual([
      'model.safetensors',
      'sub/model.safetensors',
    ]);
    expect(filterFiles(files, [], ['*.md', '*.bin'])).toEqual([
      'model.safetensors',
      'sub/model.safetensors',
      'config.json',
    ]);
    expect(filterFiles(files, ['model-0000[0-9].bin', 'config.?son'])).toEqual([
      'config.json',
      'model-00001.bin',
    ]);
  });

  it('sends the HF token only to the Hub and the GitHub token only to GitHub', () => {
    const creds = credentialsFor({
      hfToken: 'hf',
      hfEndpoint: 'http://127.0.0.1:9',
      githubToken: 'gh',
    });
    expect(
      resolveSource('https://huggingface.co/o/m/resolve/main/x', {
        hfEndpoint: 'http://127.0.0.1:9',
        credentials: creds,
      }),
    ).toEqual({
      url: 'http://127.0.0.1:9/o/m/resolve/main/x',
      headers: { authorization: 'Bearer hf' },
    });
    expect(
      resolveSource('https://github.com/o/r/releases/download/v1/a.zip', { credentials: creds })
        .headers,
    ).toEqual({ authorization: 'Bearer gh' });
    expect(resolveSource('https://example.com/a.zip', { credentials: creds }).headers).toEqual({});
  });
});
