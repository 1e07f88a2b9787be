// The console's only way to the service: the public admin API, with the admin token in the
// Authorization header. The token lives in sessionStorage (gone when the tab closes), never in a
// URL, never in a cookie.

const TOKEN_KEY = 'hookgate.adminToken';
const signedOutListeners = new Set();

export const session = {
  token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  signIn(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    for (const listener of signedOutListeners) listener();
  },
  onSignedOut(listener) {
    signedOutListeners.add(listener);
    return () => signedOutListeners.delete(listener);
  },
};

/** A problem+json answer (RFC 9457): `type`, `title`, `status`, `detail`, `errors: [{ path, message }]`. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? { title: `HTTP ${status}`, status };
  }

  /** Field errors by JSON Pointer (`/name`, `/variables/0/data`). */
  fieldErrors() {
    const out = {};
    for (const e of this.problem.errors ?? []) out[e.path] = out[e.path] ? `${out[e.path]}; ${e.message}` : e.message;
    return out;
  }
}

function headers(token, extra = {}) {
  return { Authorization: `Bearer ${token}`, Accept: 'application/json', ...extra };
}

/** Calls the admin API; resolves with the JSON body, rejects with ApiError. A 401 signs out. */
export async function request(method, path, body, token = session.token()) {
  const init = { method, headers: headers(token), cache: 'no-store', credentials: 'omit', redirect: 'error' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, { title: 'The service cannot be reached', detail: 'Check the connection and try again.' });
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    if (res.status === 401 && token === session.token()) session.signOut();
    throw new ApiError(res.status, data);
  }
  return data;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body = {}) => request('POST', path, body),
  patch: (path, body) => request('PATCH', path, body),
  del: (path) => request('DELETE', path),
};

/** Path segments are ids and aliases from the API; encode them anyway. */
export function path(strings, ...values) {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(values[i]) : ''), '');
}

/**
 * Reads a Server-Sent Events stream with fetch (EventSource cannot send an Authorization header,
 * and the token must not go in the URL). Reconnects with `Last-Event-ID` after a drop. When the
 * service has no such stream (404/405/501), calls `onUnavailable` once and stops.
 * Returns a function that closes it.
 */
export function openStream(streamPath, { onEvent, onOpen, onUnavailable, onError }) {
  const controller = new AbortController();
  let lastEventId = null;
  let delay = 500;

  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const h = headers(session.token(), { Accept: 'text/event-stream' });
        if (lastEventId !== null) h['Last-Event-ID'] = lastEventId;
        const res = await fetch(streamPath, { headers: h, cache: 'no-store', credentials: 'omit', signal: controller.signal });
        if ([404, 405, 501].includes(res.status) && !res.headers.get('content-type')?.includes('text/event-stream')) {
          // No stream here (an older service; its path may even read as another route's id): the
          // caller falls back to reading the list, which reports a resource that is really gone.
          await res.body?.cancel();
          onUnavailable?.();
          return;
        }
        if (res.status === 401) {
          session.signOut();
          return;
        }
        if (!res.ok || !res.body) throw new ApiError(res.status, await res.json().catch(() => null));
        delay = 500;
        onOpen?.();
        await readEvents(res.body, (message) => {
          if (message.id !== undefined) lastEventId = message.id;
          if (message.retry !== undefined) delay = message.retry;
          if (message.data !== undefined) {
            let data;
            try {
              data = JSON.parse(message.data);
            } catch {
              return;
            }
            onEvent(message.event ?? 'message', data);
          }
        });
      } catch (err) {
        if (controller.signal.aborted) return;
        onError?.(err);
      }
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15_000);
    }
  };
  run();
  return () => controller.abort();
}

/** The event-stream format: fields up to a blank line make a message; `:` lines are comments. */
async function readEvents(body, dispatch) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let message = {};
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        dispatch(message);
        message = {};
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') message.data = message.data === undefined ? value : `${message.data}\n${value}`;
      else if (field === 'event') message.event = value;
      else if (field === 'id' && !value.includes('\0')) message.id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) message.retry = Number(value);
    }
  }
}
