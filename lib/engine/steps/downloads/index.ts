// Download step methods: fs.download, hf.download, fs.link and fs.share.
import type { StepMethod } from '../types';
import { fsDownload } from './fs-download';
import { fsLink } from './fs-link';
import { hfDownload } from './hf-download';

export const downloadMethods: Record<string, StepMethod> = {
  'fs.download': fsDownload,
  'hf.download': hfDownload,
  'fs.link': fsLink,
  'fs.share': fsLink,
};

export {
  createDownloadServices,
  downloadServicesOf,
  type DownloadServices,
  type DownloadSettings,
} from './services';
