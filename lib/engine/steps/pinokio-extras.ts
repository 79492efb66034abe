// Step methods added for Pinokio parity (see test/fixtures/pinokio-parity.json), one file per family.
import type { StepDescriptor } from './descriptor';
import { envSwitch } from './env-switch';
import { gradioPredict } from './gradio';
import { hfAccountSteps } from './hf-account';
import { hfUpload } from './hf-upload';
import { memoryImportSteps } from './memory-import';
import { proxySteps } from './proxy';
import { uiExtraSteps } from './ui-extras';

export const pinokioExtraSteps: Record<string, StepDescriptor> = {
  'env.switch': envSwitch,
  'gradio.predict': gradioPredict,
  ...hfAccountSteps,
  'hf.upload': hfUpload,
  ...memoryImportSteps,
  ...proxySteps,
  ...uiExtraSteps,
};
