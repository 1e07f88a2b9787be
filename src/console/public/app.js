// The console's entry: sign-in, the layout, and a hash router (`#/bots/bot_x/webhooks`), so every
// screen has its own address and the server serves one page. Screens live in screens/*.js.

import { ApiError, request, session } from './lib/api.js';
import { html, TextField } from './lib/ui.js';
import { BotPage, BotsScreen } from './screens/bots.js';
import { ChannelsScreen } from './screens/channels.js';
import { ContactsScreen } from './screens/contacts.js';
import { SubscriptionPage } from './screens/subscription-page.js';
import { SubscriptionsScreen } from './screens/subscriptions.js';
import { WebhookFormScreen } from './screens/webhook-form.js';
import { WebhookPage } from './screens/webhook-page.js';
import { WebhooksScreen } from './screens/webhooks.js';
import { useEffect, useRef, useState } from './vendor/hooks.js';
import { Fragment, render } from './vendor/preact.js';

const ROUTES = [
  [/^\/$/, () => html`<${BotsScreen} />`],
  [/^\/bots\/([^/]+)$/, (botId) => html`<${BotPage} botId=${botId} />`],
  [/^\/bots\/([^/]+)\/channels$/, (botId) => html`<${ChannelsScreen} botId=${botId} />`],
  [/^\/bots\/([^/]+)\/webhooks$/, (botId) => html`<${WebhooksScreen} botId=${botId} />`],
  [/^\/bots\/([^/]+)\/webhooks\/new$/, (botId) => html`<${WebhookFormScreen} botId=${botId} />`],
  [/^\/bots\/([^/]+)\/webhooks\/([^/]+)$/, (botId, id) => html`<${WebhookPage} botId=${botId} webhookId=${id} />`],
  [/^\/bots\/([^/]+)\/webhooks\/([^/]+)\/edit$/, (botId, id) => html`<${WebhookFormScreen} botId=${botId} webhookId=${id} />`],
  [/^\/bots\/([^/]+)\/subscriptions$/, (botId) => html`<${SubscriptionsScreen} botId=${botId} />`],
  [/^\/bots\/([^/]+)\/subscriptions\/([^/]+)$/, (botId, id) => html`<${SubscriptionPage} botId=${botId} subscriptionId=${id} />`],
  [/^\/bots\/([^/]+)\/contacts$/, (botId) => html`<${ContactsScreen} botId=${botId} />`],
];

function currentPath() {
  const hash = location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash : '/';
}

function useRoute() {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const update = () => setPath(currentPath());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return path;
}

function NotFound() {
  return html`<section>
    <h1 tabindex="-1">Not found</h1>
    <p>This page does not exist. <a href="#/">Back to the bots</a></p>
  </section>`;
}

function screenFor(path) {
  for (const [pattern, screen] of ROUTES) {
    const m = pattern.exec(path);
    if (m) return screen(...m.slice(1).map(decodeURIComponent));
  }
  return html`<${NotFound} />`;
}

function SignIn({ onSignedIn }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) return setError('Paste an admin token.');
    setBusy(true);
    setError(null);
    try {
      await request('GET', '/v1/bots?limit=1', undefined, value);
      session.signIn(value);
      onSignedIn();
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? 'This token is not accepted (expired, revoked or for another service).'
          : err.message,
      );
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="signin" id="main">
    <form class="card" onSubmit=${submit} novalidate>
      <h1>Hookgate console</h1>
      <p class="muted">
        Sign in with an admin token (<code>npm run token -- --workspace …</code>). It is kept in this tab only and sent as a header,
        never in a URL.
      </p>
      <${TextField} label="Admin token" type="password" value=${token} onInput=${setToken} error=${error} autocomplete="off" spellcheck="false" />
      <button type="submit" disabled=${busy}>Sign in</button>
    </form>
  </main>`;
}

function Shell() {
  const path = useRoute();
  const main = useRef(null);
  const skipToContent = (event) => {
    event.preventDefault();
    main.current?.focus();
  };
  useEffect(() => {
    // A new screen: move focus to its heading so keyboard and screen-reader users start there.
    const heading = main.current?.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: false });
    }
  }, [path]);
  // Keyed by address: another bot's or webhook's screen starts afresh, with none of this one's state.
  return html`<div class="shell">
    <a class="skip" href="#main" onClick=${skipToContent}>Skip to content</a>
    <header class="topbar">
      <a class="brand" href="#/">Hookgate</a>
      <nav class="topbar-nav" aria-label="Console">
        <a href="#/" aria-current=${path === '/' ? 'page' : undefined}>Bots</a>
        <a href="/docs" target="_blank" rel="noopener">API reference</a>
      </nav>
      <button type="button" class="secondary small" onClick=${() => session.signOut()}>Sign out</button>
    </header>
    <main id="main" ref=${main} tabindex="-1">
      <${Fragment} key=${path}>${screenFor(path)}<//>
    </main>
    <p id="announcer" class="visually-hidden" role="status"></p>
  </div>`;
}

function App() {
  const [signedIn, setSignedIn] = useState(Boolean(session.token()));
  useEffect(() => session.onSignedOut(() => setSignedIn(false)), []);
  return signedIn ? html`<${Shell} />` : html`<${SignIn} onSignedIn=${() => setSignedIn(true)} />`;
}

const root = document.getElementById('app');
root.replaceChildren();
render(html`<${App} />`, root);
