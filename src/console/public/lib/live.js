// A list that stays current: the first page from the list endpoint, then every change from the
// resource's event stream, upserted by key. Where the service has no stream, it polls the list.
import { useEffect, useRef, useState } from '../vendor/hooks.js';
import { api, openStream } from './api.js';

const MAX_ROWS = 200;
const POLL_MS = 2000;

/**
 * @param {object} o
 * @param {string} o.listPath   GET path of the list (with its query)
 * @param {string} o.streamPath GET path of the SSE stream
 * @param {string} o.event      the stream's event name (`activity`, `delivery`)
 * @param {string} o.key        the field rows are upserted by
 * @param {(a: any, b: any) => number} o.order  newest first
 * @param {(item: any) => boolean} [o.accept]   a filter the list applied server-side, applied to streamed items
 */
export function useLiveList({ listPath, streamPath, event, key, order, accept }) {
  const [items, setItems] = useState([]);
  const [status, setStatus] = useState({ loading: true, error: null, live: 'connecting' });
  const rows = useRef(new Map());
  const publish = useRef(() => {});

  useEffect(() => {
    let stopped = false;
    let timer = null;
    rows.current = new Map();
    const byKey = rows.current;
    publish.current = () => {
      if (!stopped) setItems([...byKey.values()].sort(order).slice(0, MAX_ROWS));
    };
    const load = async (keepNewer) => {
      const page = await api.get(listPath);
      for (const item of page.data) if (!(keepNewer && byKey.has(item[key]))) byKey.set(item[key], item);
      publish.current();
    };
    const poll = async () => {
      try {
        await load(false);
        setStatus((s) => ({ ...s, error: null }));
      } catch (error) {
        setStatus((s) => ({ ...s, error }));
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    setItems([]);
    setStatus({ loading: true, error: null, live: 'connecting' });
    // The stream opens first, so nothing that happens while the list loads is missed.
    const close = openStream(streamPath, {
      onEvent(name, data) {
        if (name !== event || !data || (accept && !accept(data))) return;
        byKey.set(data[key], data);
        publish.current();
      },
      onOpen: () => setStatus((s) => ({ ...s, live: 'live', error: null })),
      onUnavailable() {
        setStatus((s) => ({ ...s, live: 'polling' }));
        timer = setTimeout(poll, POLL_MS);
      },
      onError: () => setStatus((s) => ({ ...s, live: 'reconnecting' })),
    });
    load(true).then(
      () => setStatus((s) => ({ ...s, loading: false })),
      (error) => setStatus((s) => ({ ...s, loading: false, error })),
    );
    return () => {
      stopped = true;
      close();
      clearTimeout(timer);
    };
  }, [listPath, streamPath]);

  /** Puts a row the console already has (e.g. a retry's answer) without waiting for the stream. */
  const upsert = (item) => {
    rows.current.set(item[key], item);
    publish.current();
  };
  return { items, upsert, ...status };
}
