// Renders lines of printed text to a PNG with a canvas in Chromium, for OCR tests.
import type { Browser } from 'playwright-core';

export async function renderTextPng(browser: Browser, lines: string[]): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    const dataUrl = await page.evaluate((text: string[]) => {
      const canvas = document.createElement('canvas');
      canvas.width = 1000;
      canvas.height = 60 + text.length * 80;
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#ffffff';
      g.fillRect(0, 0, canvas.width, canvas.height);
      g.fillStyle = '#111111';
      g.font = '48px "DejaVu Sans", Arial, sans-serif';
      text.forEach((line, i) => g.fillText(line, 40, 90 + i * 80));
      return canvas.toDataURL('image/png');
    }, lines);
    return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  } finally {
    await page.close();
  }
}
