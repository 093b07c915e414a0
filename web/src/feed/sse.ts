// An incremental parser of the Server-Sent Events wire format (the WHATWG HTML
// "event stream interpretation"), for reading /feed with fetch(): EventSource cannot send
// the Authorization header the server requires.
//
// Feed it decoded text in chunks of any size (a line, a CRLF pair or a UTF-8 character
// may be split between chunks: decode with a streaming TextDecoder first); it returns the
// events completed by each chunk. It owns its buffers; one parser per connection, not
// shared between threads (there are none in a page).

export interface SseEvent {
  // The "event:" field, "message" when absent.
  type: string;
  // The "data:" lines joined with "\n".
  data: string;
  // The last "id:" seen on this stream up to and including this event ("" if none).
  lastEventId: string;
}

export class SseParser {
  private buffer = '';
  private sawFirstChunk = false;
  // A CR ended the previous chunk: a LF opening the next one belongs to it.
  private pendingCr = false;
  private data: string[] = [];
  private eventType = '';
  private lastId = '';
  private retryMs: number | null = null;

  get lastEventId(): string {
    return this.lastId;
  }

  // The reconnection time the server asked for ("retry:"), or null.
  get retry(): number | null {
    return this.retryMs;
  }

  push(chunk: string): SseEvent[] {
    if (!this.sawFirstChunk && chunk.length > 0) {
      this.sawFirstChunk = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.pendingCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
    this.pendingCr = false;
    this.buffer += chunk;
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      let end = -1;
      let next = -1;
      for (let i = start; i < this.buffer.length; i++) {
        const c = this.buffer.charCodeAt(i);
        if (c === 10) {
          end = i;
          next = i + 1;
          break;
        }
        if (c === 13) {
          end = i;
          if (i + 1 < this.buffer.length) {
            next = this.buffer.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
          } else {
            next = i + 1;
            this.pendingCr = true;
          }
          break;
        }
      }
      if (end < 0) break;
      const event = this.line(this.buffer.slice(start, end));
      if (event) events.push(event);
      start = next;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  // The stream ended: an event not closed by a blank line is dropped, as the spec says.
  end(): void {
    this.buffer = '';
    this.data = [];
    this.eventType = '';
    this.pendingCr = false;
  }

  private line(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null; // a comment (keep-alive)
    const colon = line.indexOf(':');
    let field = line;
    let value = '';
    if (colon >= 0) {
      field = line.slice(0, colon);
      value = line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
    }
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
    return null;
  }

  private dispatch(): SseEvent | null {
    const hadData = this.data.length > 0;
    const event: SseEvent = {
      type: this.eventType || 'message',
      data: this.data.join('\n'),
      lastEventId: this.lastId,
    };
    this.data = [];
    this.eventType = '';
    return hadData ? event : null;
  }
}
