// Small shared pieces: htm bound to Preact, form fields with their errors beside them, switches,
// copy buttons, tabs, problem alerts, a confirmed delete, and a hook that loads something from the API.

import { useCallback, useEffect, useId, useRef, useState } from '../vendor/hooks.js';
import htm from '../vendor/htm.js';
import { h } from '../vendor/preact.js';
import { api } from './api.js';

export const html = htm.bind(h);

/** Loads `load()` on mount and whenever `deps` change; `reload()` runs it again. */
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return { ...state, reload: useCallback(() => setRound((r) => r + 1), []) };
}

/** A labelled control with its hint and its error beside it (`aria-describedby`, `aria-invalid`). */
export function Field({ label, error, hint, children, className = '' }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const control = children({ id, 'aria-describedby': described, 'aria-invalid': error ? 'true' : undefined });
  return html`<div class=${`field ${error ? 'has-error' : ''} ${className}`}>
    <label for=${id}>${label}</label>
    ${control}
    ${hint ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : null}
    ${error ? html`<p class="field-error" id=${`${id}-error`}>${error}</p>` : null}
  </div>`;
}

export function TextField({ label, value, onInput, error, hint, type = 'text', multiline = false, rows = 3, className, ...rest }) {
  return html`<${Field} label=${label} error=${error} hint=${hint} className=${className}>
    ${(a) =>
      multiline
        ? html`<textarea ...${a} ...${rest} rows=${rows} value=${value} onInput=${(e) => onInput(e.currentTarget.value)}></textarea>`
        : html`<input ...${a} ...${rest} type=${type} value=${value} onInput=${(e) => onInput(e.currentTarget.value)} />`}
  <//>`;
}

export function SelectField({ label, value, onChange, options, error, hint, className, ...rest }) {
  return html`<${Field} label=${label} error=${error} hint=${hint} className=${className}>
    ${(a) => html`<select ...${a} ...${rest} value=${value} onChange=${(e) => onChange(e.currentTarget.value)}>
      ${options.map((o) => html`<option value=${o.value} selected=${o.value === value}>${o.label}</option>`)}
    </select>`}
  <//>`;
}

/** An on/off switch: a native checkbox (Space toggles it) with the switch role. */
export function Switch({ label, checked, onChange, disabled, hideLabel = false, error }) {
  return html`<label class=${`switch ${hideLabel ? 'label-hidden' : ''}`}>
    <input type="checkbox" role="switch" checked=${checked} disabled=${disabled} onChange=${(e) => onChange(e.currentTarget.checked)} />
    <span class="track" aria-hidden="true"></span>
    <span class=${hideLabel ? 'visually-hidden' : ''}>${label}</span>
    ${error ? html`<span class="field-error">${error}</span>` : null}
  </label>`;
}

/** Copies `text`; says "Copied" to screen readers and sighted users alike. */
export function CopyButton({ text, label = 'Copy', describedBy }) {
  const [done, setDone] = useState(null);
  const timer = useRef(null);
  const copy = async () => {
    let ok = true;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      ok = copyWithSelection(text);
    }
    setDone(ok ? 'Copied' : 'Copy failed: select the text and copy it');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setDone(null), 2000);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  return html`<span class="copy">
    <button type="button" class="secondary small" onClick=${copy} aria-describedby=${describedBy} data-copy=${text}>${label}</button>
    <span class="copy-status" role="status">${done ?? ''}</span>
  </span>`;
}

/** The clipboard API needs a secure context; over plain HTTP on another host, copy a selection. */
function copyWithSelection(text) {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** A name as a person reads and types it: NFC, each run of white space one space, no space at the ends. */
const asTyped = (text) => text.normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * "Delete…", then a modal dialog that says what goes and asks for `name` typed out before the
 * DELETE is sent (a deletion cannot be undone). `onDeleted` runs after the 204, or after a 404 (it
 * was deleted meanwhile); any other refusal (a read-only token's 403, say) is shown in the dialog.
 */
export function DeleteButton({ what, name, path, detail, onDeleted, label = 'Delete', small = false }) {
  const dialog = useRef(null);
  const sending = useRef(false);
  const id = useId();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const shown = asTyped(name);
  const matches = asTyped(typed) === shown;
  const open = () => {
    setTyped('');
    setError(null);
    dialog.current?.showModal();
  };
  const close = () => dialog.current?.close();
  const confirm = async (event) => {
    event.preventDefault();
    // Once: a second Enter before the answer sends nothing.
    if (!matches || sending.current) return;
    sending.current = true;
    setBusy(true);
    setError(null);
    const deleted = () => {
      close();
      // The button may go with its row: the page's heading takes the focus, and the deletion is
      // said aloud (a screen that replaces this one moves the focus to its own heading).
      const heading = document.querySelector('main h1');
      heading?.setAttribute('tabindex', '-1');
      heading?.focus();
      const announcer = document.getElementById('announcer');
      if (announcer) announcer.textContent = `${label.replace(/e?$/, 'ed')} ${what} “${shown}”.`;
      onDeleted();
    };
    try {
      await api.del(path);
      deleted();
    } catch (err) {
      if (err.status === 404) deleted();
      else setError(err);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };
  // Escape closes the dialog, except while the DELETE is on its way (its answer is shown there).
  const cancel = (event) => {
    if (sending.current) event.preventDefault();
  };
  return html`<span class="delete">
    <button type="button" class=${`danger ${small ? 'small' : ''}`} onClick=${open}>${label}…</button>
    <dialog ref=${dialog} class="confirm" aria-labelledby=${`${id}-title`} aria-describedby=${`${id}-detail`} onCancel=${cancel}>
      <form method="dialog" onSubmit=${confirm}>
        <h2 id=${`${id}-title`}>${label} ${what} “${shown}”?</h2>
        <p id=${`${id}-detail`}>${detail} This cannot be undone.</p>
        <${TextField} label=${`Type ${shown} to confirm`} value=${typed} onInput=${setTyped} autocomplete="off" spellcheck=${false} />
        <${Problem} error=${error} />
        <div class="actions">
          <button type="submit" class="danger" disabled=${busy || !matches}>${label} ${what}</button>
          <button type="button" class="secondary" onClick=${close} disabled=${busy}>Cancel</button>
        </div>
      </form>
    </dialog>
  </span>`;
}

/** WAI-ARIA tabs: arrow keys, Home and End move between tabs; only the chosen tab is in the tab order. */
export function Tabs({ label, tabs, selected, onSelect, children }) {
  const id = useId();
  const refs = useRef({});
  const move = (event, index) => {
    const keys = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    if (!(event.key in keys)) return;
    event.preventDefault();
    const next = tabs[(keys[event.key] + tabs.length) % tabs.length];
    onSelect(next.id);
    refs.current[next.id]?.focus();
  };
  return html`<div class="tabs">
    <div role="tablist" aria-label=${label}>
      ${tabs.map(
        (t, i) => html`<button
          type="button"
          role="tab"
          id=${`${id}-${t.id}`}
          aria-selected=${t.id === selected ? 'true' : 'false'}
          aria-controls=${`${id}-panel`}
          tabindex=${t.id === selected ? 0 : -1}
          ref=${(el) => {
            refs.current[t.id] = el;
          }}
          onClick=${() => onSelect(t.id)}
          onKeyDown=${(e) => move(e, i)}
        >
          ${t.label}
        </button>`,
      )}
    </div>
    <div role="tabpanel" id=${`${id}-panel`} aria-labelledby=${`${id}-${selected}`} tabindex="0">${children}</div>
  </div>`;
}

/** A refused or failed call, with its field errors listed when they have no field on screen. */
export function Problem({ error, title }) {
  if (!error) return null;
  const p = error.problem ?? { title: String(error.message ?? error) };
  return html`<div class="alert error" role="alert">
    <strong>${title ?? p.title ?? 'Something went wrong'}</strong>
    ${p.detail ? html`<p>${p.detail}</p>` : null}
    ${
      p.errors?.length
        ? html`<ul class="errors">
          ${p.errors.map((e) => html`<li><code>${e.path}</code> ${e.message}</li>`)}
        </ul>`
        : null
    }
  </div>`;
}

export function Loading({ what = 'Loading' }) {
  return html`<p class="muted" role="status">${what}…</p>`;
}

export function Time({ at }) {
  if (!at) return html`<span class="muted">—</span>`;
  const d = new Date(at);
  const today = new Date().toDateString() === d.toDateString();
  const text = today ? d.toLocaleTimeString() : d.toLocaleString();
  return html`<time datetime=${at} title=${d.toISOString()}>${text}</time>`;
}

export function Json({ value, label }) {
  return html`<pre class="json" tabindex="0" aria-label=${label}>${JSON.stringify(value, null, 2)}</pre>`;
}

export function Badge({ tone = 'neutral', children }) {
  return html`<span class=${`badge ${tone}`}>${children}</span>`;
}

/** Rows grouped under their folder; rows without one come first under "No folder". */
export function groupByFolder(items) {
  const groups = new Map();
  for (const item of items) {
    const folder = item.folder ?? '';
    if (!groups.has(folder)) groups.set(folder, []);
    groups.get(folder).push(item);
  }
  return [...groups.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
}

/** Splits a comma- or line-separated list, trimmed, empties dropped. */
export function splitList(text) {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
