// The part of noVNC's RFB client (npm @novnc/novnc, which ships no types) that the display view uses.
declare module '@novnc/novnc' {
  export default class RFB extends EventTarget {
    constructor(target: HTMLElement, url: string, options?: { shared?: boolean });
    scaleViewport: boolean;
    resizeSession: boolean;
    viewOnly: boolean;
    /** CSS background around the remote screen (noVNC paints grey by default). */
    background: string;
    disconnect(): void;
  }
}
