// The part of noVNC's RFB API the console page uses (docs/API.md of @novnc/novnc 1.7;
// the package ships no types).
declare module '@novnc/novnc' {
  export interface RfbOptions {
    readonly credentials?: { readonly password?: string };
    readonly shared?: boolean;
    readonly wsProtocols?: readonly string[];
  }

  export default class RFB extends EventTarget {
    constructor(target: HTMLElement, urlOrChannel: string | WebSocket, options?: RfbOptions);
    scaleViewport: boolean;
    clipViewport: boolean;
    resizeSession: boolean;
    background: string;
    disconnect(): void;
    focus(): void;
    sendCtrlAltDel(): void;
    sendKey(keysym: number, code: string | null, down?: boolean): void;
  }
}
