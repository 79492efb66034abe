// Virtual displays (Xvfb) for GUI programs: started for a step, owned by its run, found for the live view.
export {
  startVirtualDisplay,
  isDisplayId,
  SCREEN,
  type VirtualDisplay,
  type DisplayRequest,
} from './virtual-display';
export { DisplayOwner, displayNumberOf, type LiveDisplay } from './display-owner';
export { DISPLAY_HINT, lacksDisplay, NO_DISPLAY_PATTERNS } from './hint';
export { openViewer, viewerInstalled, VIEWER_INSTALL, type DisplayViewer } from './viewer';
