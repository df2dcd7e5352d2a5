// The part of spice-html5 0.2.1 (src/main.js, src/spiceconn.js) the console page uses;
// the package ships no types.
declare module '@spice-project/spice-html5' {
  /** Something spice-html5's `send_msg` can write: a message that serialises itself. */
  export interface SpiceOutgoing {
    buffer_size(): number;
    to_buffer(buffer: ArrayBuffer, at?: number): unknown;
  }

  /** One SPICE channel over its own websocket (SpiceConn). */
  export interface SpiceChannel {
    /** Gone once the channel is cleaned up. */
    ws?: WebSocket;
    /** connecting → start → link → ticket → ready; error; closing. */
    state: string;
    /** Called with an Error, or a websocket's error Event; without it errors are thrown. */
    onerror?: (error: unknown) => void;
    channel_type(): string;
    send_msg(message: SpiceOutgoing): void;
    /** Clears the connect timeout and closes the websocket. */
    cleanup(): void;
  }

  export interface SpiceMainConnOptions {
    /** The websocket address; every channel connects to the same one. */
    readonly uri: string;
    readonly password: string;
    /** The id of the element the display channel appends its canvas to. */
    readonly screen_id?: string;
    /** The id of an element spice-html5 appends log lines to. */
    readonly message_id?: string;
    readonly onerror?: (error: unknown) => void;
    /** Called when the main channel is linked (SPICE_MSG_MAIN_INIT). */
    readonly onsuccess?: (message: string) => void;
    readonly onagent?: (conn: SpiceMainConn) => void;
  }

  export class SpiceMainConn implements SpiceChannel {
    constructor(options: SpiceMainConnOptions);
    ws?: WebSocket;
    state: string;
    onerror?: (error: unknown) => void;
    channel_type(): string;
    send_msg(message: SpiceOutgoing): void;
    cleanup(): void;
    /** Set once the server lists its channels (SPICE_MSG_MAIN_CHANNELS_LIST). */
    display?: SpiceChannel;
    inputs?: SpiceChannel;
    /** The cursor channel — or the playback channel, which spice-html5 stores here too. */
    cursor?: SpiceChannel;
    ports: SpiceChannel[];
    extra_channels?: SpiceChannel[];
    /** Cleans up the inputs, cursor, display (and its canvases) and main channels. */
    stop(): void;
  }
}

// The AT keyboard table spice-html5 sends scancodes from (the unit tests check ours
// against it).
declare module '@spice-project/spice-html5/src/atKeynames.js' {
  export const KeyNames: Readonly<Record<string, number>>;
}
