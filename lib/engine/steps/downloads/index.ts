// Download step methods: fs.download, hf.download, fs.link and fs.share.
import type { StepDescriptor } from '../descriptor';
import { withAppNetwork } from './app-proxy';
import { fsDownload } from './fs-download';
import { fsLink } from './fs-link';
import { hfDownload } from './hf-download';

export const downloadSteps: Record<string, StepDescriptor> = {
  'fs.download': withAppNetwork(fsDownload),
  'hf.download': withAppNetwork(hfDownload),
  'fs.link': fsLink,
  'fs.share': fsLink,
};

export {
  createDownloadServices,
  downloadServicesOf,
  type DownloadServices,
  type DownloadSettings,
} from './services';
