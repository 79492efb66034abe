// Step methods added for Pinokio parity (see test/fixtures/pinokio-parity.json), one file per family.
import { envSwitch } from './env-switch';
import { gradioPredict } from './gradio';
import { hfLogin, hfLogout } from './hf-account';
import { hfUpload } from './hf-upload';
import { memoryImportMethods } from './memory-import';
import { proxyMethods } from './proxy';
import type { StepMethod } from './types';
import { uiExtraMethods } from './ui-extras';

export const pinokioExtraMethods: Record<string, StepMethod> = {
  'env.switch': envSwitch,
  'gradio.predict': gradioPredict,
  'hf.login': hfLogin,
  'hf.logout': hfLogout,
  'hf.upload': hfUpload,
  ...memoryImportMethods,
  ...proxyMethods,
  ...uiExtraMethods,
};
