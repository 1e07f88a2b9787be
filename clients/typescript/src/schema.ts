/**
 * Generated from openapi.yaml by openapi-typescript (`npm run openapi`); do not edit by hand.
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The process is alive
         * @description 200 whenever the process serves HTTP, whether or not the store is reachable.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The store is reachable
         * @description 503 while the store cannot be reached; the process keeps serving and reconnects on its own.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Node.js default metrics under their standard names (`process_*`, `nodejs_*`) and Hookgate’s own (`hookgate_*`). With `HOOKGATE_METRICS_TOKEN` set, scrapers send `Authorization: Bearer <token>`; otherwise 401. With several processes (`HOOKGATE_API_PROCESSES`, `HOOKGATE_WORKER_PROCESSES`), whichever answers reports all of them aggregated.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hooks/{webhookId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Meta subscription handshake
         * @description For a block with the `meta` scheme (WhatsApp Cloud, Messenger, Instagram): answers `hub.challenge` as text/plain when `hub.mode` is `subscribe` and `hub.verify_token` is the block’s verify token; 403 otherwise.
         */
        get: operations["verifyWebhookSubscription"];
        put?: never;
        /**
         * Call a webhook block
         * @description The caller’s JSON object, or a form (`application/x-www-form-urlencoded`: repeated names give arrays), or on a `batch: true` block a JSON array of up to 100 calls. `channel_alias` and `account_alias` choose the channel account, honoured in development calls only. The call is durably stored before the 202. The caller proves who it is by the block’s `verification` scheme: a bearer token (default), `?token=` (`query-token`), HTTP Basic, or the sender’s own signature headers (`standard-webhooks`, `stripe`, `github`, `shopify`, `meta`, `slack`, `telegram`, `twilio`, `hmac`), checked over the raw body before it is parsed; `?env=development` marks a development call for those. A sender’s delivery id stands in for a missing Idempotency-Key.
         */
        post: operations["callWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/livechat/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A live chat contact’s replies as Server-Sent Events
         * @description Authenticate with the widget token (`?token=` for EventSource, or `Authorization: Bearer`). Each event is `message` with the reply as JSON and its `id`; reconnecting with `Last-Event-ID` (or `?lastEventId=`) replays what was sent meanwhile, in order; `0` replays all that is kept. Comment heartbeats keep proxies from closing the stream. A page on an origin listed in the live chat account’s `config.allowedOrigins` may open it cross-origin (CORS, preflight included, with the token in the query); other origins get no CORS headers.
         */
        get: operations["streamLiveChat"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the workspace’s bots
         * @description Oldest first; pass `nextCursor` as `cursor` for the next page.
         */
        get: operations["listBots"];
        put?: never;
        /**
         * Create a bot
         * @description A bot holds channel accounts, webhook blocks, contacts’ variables and event subscriptions. `Location` names the new bot.
         */
        post: operations["createBot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a bot
         * @description A bot of the token’s workspace; any other answers 404, as one that does not exist.
         */
        get: operations["getBot"];
        put?: never;
        post?: never;
        /**
         * Delete a bot with its channels, webhooks, variables and logs
         * @description Takes effect at once: from then on its webhooks and admin routes answer 404 and none of its queued replies or deliveries is sent. Its data is removed in the background.
         */
        delete: operations["deleteBot"];
        options?: never;
        head?: never;
        /**
         * Update a bot
         * @description Only the fields given change.
         */
        patch: operations["updateBot"];
        trace?: never;
    };
    "/v1/bots/{botId}/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the bot’s channel accounts (the "Select Channel" and "Select Account" choices)
         * @description Each account with its channel, alias, whether it is active, its config (header values hidden) and the names of its credential fields.
         */
        get: operations["listChannels"];
        put?: never;
        /**
         * Connect a channel account to the bot
         * @description `credentials` and `config` depend on `channel` (one schema per channel). Credentials are stored encrypted and never returned. `Location` names the new account.
         */
        post: operations["createChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/channels/{accountId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a channel account
         * @description Credentials are write-only: only the names of the fields set are shown (`credentialsSet`).
         */
        get: operations["getChannel"];
        put?: never;
        post?: never;
        /**
         * Disconnect a channel account
         * @description Answers 204 with no body.
         */
        delete: operations["deleteChannel"];
        options?: never;
        head?: never;
        /**
         * Update a channel account (new credentials replace the old ones)
         * @description Only the fields given change. `credentials` replace the stored ones whole and must fit the account’s channel; a `config` replaces the config whole, header values included.
         */
        patch: operations["updateChannel"];
        trace?: never;
    };
    "/v1/bots/{botId}/channels/{accountId}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The sandbox log, newest first: what a sandbox account sent, and simulated development replies of any account
         * @description Cursor-paged: pass `nextCursor` as `cursor` for the next page.
         */
        get: operations["listSandboxMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/channels/{accountId}/livechat-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mint a live chat widget token for one contact
         * @description The widget opens `streamUrl` with this token to receive the contact’s replies as Server-Sent Events.
         */
        post: operations["createLiveChatToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the bot’s webhook blocks
         * @description Oldest first, paged (`limit`, `cursor`). A bot has at most 1000 blocks. Optionally only the blocks of one folder (`folder`).
         */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Create a webhook block
         * @description Returns the block’s URL and its production and development tokens. A bot has at most 1000 blocks (409 beyond).
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/webhooks/{webhookId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a webhook block
         * @description The block’s configuration; its tokens are issued again by `samples`.
         */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook block; its URL answers 404 from then on
         * @description Answers 204 with no body.
         */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /**
         * Update a webhook block (enable, disable, move to a folder, change mappings…)
         * @description Only the fields given change; the block as a whole is checked again (account, channel rules, reply).
         */
        patch: operations["updateWebhook"];
        trace?: never;
    };
    "/v1/bots/{botId}/webhooks/{webhookId}/rotate-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a new token for one environment
         * @description The old token stops working at once, or after `gracePeriodSeconds`. A token still in an earlier grace period is revoked.
         */
        post: operations["rotateWebhookToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/webhooks/{webhookId}/samples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Copy-paste samples (cURL, HTTPie, fetch, Python) with the real URL and tokens or signing lines
         * @description Needs admin scope: the samples carry the tokens or the secret. For a signature scheme each sample first signs the exact body (`openssl dgst` in the shell sample). `?format=text` (or `Accept: text/plain`): the production and development cURL, ready to paste into bash (`&environment=` for one of them).
         */
        get: operations["getWebhookSamples"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/webhooks/{webhookId}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dry run: what a call with this body would extract and reply; nothing is stored or sent
         * @description The extracted variables, the contact, the rendered reply and warnings (unknown placeholders, channel limits) for a sample body.
         */
        post: operations["previewWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/webhooks/{webhookId}/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Inbound calls, newest first: accepted and rejected, with what was extracted and the reply’s delivery status
         * @description Every call the webhook answered, except 404s: accepted ones with their body, variables and reply; rejected ones with the status and problem answered (its field errors) and, once authenticated, their body. Authentication failures (401/403) are summaries without body, a few per minute at most (`suppressed` counts the rest). Live: `…/activity/stream`. Each entry carries the call’s `requestId`, so a call answered `outcome-unknown` can be looked up.
         */
        get: operations["listWebhookActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/webhooks/{webhookId}/activity/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The webhook’s calls live, as Server-Sent Events
         * @description Each message is `event: activity` whose `data` is one ActivityEntry exactly as an item of `GET …/activity` (with its reply), sent when a call is decided (accepted or rejected) and again at each change of its reply (`sending`, `retrying`, `sent`, `failed`): upsert by `requestId`. `id` is opaque; reconnecting with `Last-Event-ID` resumes right after it (nothing lost or repeated among what is kept: about four changes per kept call). Without it, only what happens from now on. Comment lines are heartbeats. Admin token (read scope is enough) in the Authorization header.
         */
        get: operations["streamWebhookActivity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Contacts with stored variables, in one environment, optionally of one channel
         * @description In no particular order; a page may hold fewer than `limit` contacts before the last one.
         */
        get: operations["listContacts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/contacts/{channel}/{reference}/variables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A contact’s bot variables
         * @description Phone numbers may be given in any form the inbound calls accept (`+1 415-555-0123`).
         */
        get: operations["getContactVariables"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/contacts/{reference}/variables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A contact’s bot variables, found on whichever channel has the reference
         * @deprecated
         * @description Kept for existing clients; 409 when more than one channel has a contact with this reference.
         */
        get: operations["findContactVariables"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/contacts/{channel}/{reference}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Erase a contact’s stored variables (both environments)
         * @description Removes the contact’s production and development variables on that channel.
         */
        delete: operations["deleteContact"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The bot’s event stream, newest first
         * @description Cursor-paged: the events published with `publishEvent` and those Hookgate publishes itself (`webhook.received`, `message.sent`, …).
         */
        get: operations["listEvents"];
        put?: never;
        /**
         * Publish an event to the bot’s event stream
         * @description Event types of Hookgate’s own namespaces (`webhook.*`, `workflow.*`, `message.*` — `message.received` included —, `delivery.*`, `subscription.*`) are published by Hookgate alone and refused here (400 at `/type`), so a subscriber can trust them.
         */
        post: operations["publishEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The catalogue of event types, each with a JSON Schema of its data and a sample
         * @description What subscriptions can match: the types a bot platform publishes and the ones Hookgate publishes itself, each with a description, the JSON Schema of its `data` (the schema the code that publishes it is checked against) and a sample; and the rules for types of your own. The whole catalogue in one answer (it is small and fixed): no paging.
         */
        get: operations["listEventTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the bot’s subscriptions
         * @description Oldest first, paged (`limit`, `cursor`). A bot has at most 100 subscriptions. Optionally only those of one folder (`folder`). Header, parameter and URL query values are write-only: names are shown, values never.
         */
        get: operations["listSubscriptions"];
        put?: never;
        /**
         * Subscribe an endpoint to the bot’s events
         * @description The response holds the signing secret (`whsec_…`), shown this once. A bot has at most 100 subscriptions (409 beyond).
         */
        post: operations["createSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/subscriptions/{subscriptionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a subscription
         * @description Header, parameter and URL query values are write-only: names are shown, values never.
         */
        get: operations["getSubscription"];
        put?: never;
        post?: never;
        /**
         * Delete a subscription
         * @description Answers 204 with no body.
         */
        delete: operations["deleteSubscription"];
        options?: never;
        head?: never;
        /**
         * Update a subscription (the on/off toggle, folder, templates, retries…)
         * @description Enabling a subscription that was disabled (by hand, by a 410, or by the circuit breaker) clears the reason and the circuit breaker’s count of consecutive failures, and sends the deliveries paused while it was disabled (discard them first with `POST …/paused-deliveries/discard` if they are not wanted).
         */
        patch: operations["updateSubscription"];
        trace?: never;
    };
    "/v1/bots/{botId}/subscriptions/{subscriptionId}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * New signing secret; the old one keeps signing alongside for 24 h
         * @description The response holds the new `whsec_…` secret, shown this once; for 24 h requests carry a signature with each secret.
         */
        post: operations["rotateSubscriptionSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/subscriptions/{subscriptionId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a sample event now and return the attempt
         * @description The event is not published to other subscriptions; the delivery is logged with trigger `test` and not retried.
         */
        post: operations["sendTestEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/subscriptions/{subscriptionId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Deliveries, newest first, with every attempt
         * @description Cursor-paged, optionally of one `status`.
         */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/subscriptions/{subscriptionId}/deliveries/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The subscription’s deliveries live, as Server-Sent Events
         * @description Each message is `event: delivery` whose `data` is one Delivery exactly as an item of `GET …/deliveries`, as it stands when sent: on its creation and after each attempt or change of state (a test event, a retry, a resume or discard included): upsert by `id`. `id` is opaque; reconnecting with `Last-Event-ID` resumes right after it (nothing lost among the last 10,000 changes kept). Without it, only what happens from now on. Comment lines are heartbeats. Admin token (read scope is enough) in the Authorization header.
         */
        get: operations["streamSubscriptionDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/subscriptions/{subscriptionId}/deliveries/{deliveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One delivery with every attempt
         * @description Each attempt with the request sent (secret headers redacted), the response status, headers and first 16 KiB, the duration and the error.
         */
        get: operations["getDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/subscriptions/{subscriptionId}/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again now (succeeded, failed or waiting for a retry)
         * @description The attempt is logged with trigger `manual`. A failed manual attempt of a delivery still on its schedule keeps that schedule.
         */
        post: operations["retryDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bots/{botId}/subscriptions/{subscriptionId}/paused-deliveries/discard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Discard the deliveries paused while the subscription was disabled
         * @description Events published while a subscription is disabled wait as `paused` deliveries and are sent when it is enabled again. This closes them instead (status `discarded`, kept in the delivery log); it is logged and counted.
         */
        post: operations["discardPausedDeliveries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin-tokens/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke an admin token by its jti
         * @description Puts the jti on a deny list kept in the store: from then on, any admin token carrying it is answered 401 — at once on the instance that handled this request, within 5 s on every other. Needs admin scope (a read token gets 403).
         */
        post: operations["revokeAdminToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document
         * @description Its `servers` name this deployment’s `PUBLIC_BASE_URL`.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Browsable API reference
         * @description Redoc, served by Hookgate itself: the page loads nothing from another origin and works offline.
         */
        get: operations["getApiReference"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        InboundBody: {
            [key: string]: unknown;
        };
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        Ready: {
            /** @enum {string} */
            status: "ready";
            /** @enum {string} */
            store: "redis" | "memory";
        };
        /** @description An RFC 9457 problem document. */
        Problem: {
            /** @example https://hookgate.dev/problems/validation */
            type: string;
            /** @example Validation failed */
            title: string;
            /** @example 400 */
            status: number;
            /** @example The request body has 1 invalid field. */
            detail: string;
            errors?: {
                /** @example /variables/0/data */
                path: string;
                message: string;
            }[];
            /** @description `outcome-unknown`: the request id the write may be stored under */
            requestId?: string;
        };
        InboundAccepted: {
            /** @example req_7hQ2mD0aZ1x8Lw2bYcKe */
            requestId: string;
            webhookId: string;
            /** @enum {string} */
            type: "conversational" | "workflow";
            /** @enum {string} */
            environment: "production" | "development";
            contact: string | null;
            variables: {
                [key: string]: unknown;
            };
            reply?: {
                messageId: string;
                /** @enum {string} */
                status: "queued";
                channel: string;
                account: string;
                text: string;
            };
        };
        InboundBatchResult: {
            results: {
                index: number;
                /** @description 202, or the status of the problem */
                status: number;
                body?: components["schemas"]["InboundAccepted"];
                problem?: components["schemas"]["Problem"];
            }[];
        };
        Bot: {
            /** @example bot_V1StGXR8Z5jdHi6BmyTa */
            id: string;
            workspaceId: string;
            name: string;
            description: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            updatedAt: string;
        };
        BotCreate: {
            /** @example Support bot */
            name: string;
            description?: string | null;
        };
        BotPage: {
            data: components["schemas"]["Bot"][];
            nextCursor: string | null;
        };
        BotPatch: {
            /** @example Support bot */
            name?: string;
            description?: string | null;
        };
        ChannelAccount: {
            /** @example acc_9xQeWvG816bUx8Lw2bYc */
            id: string;
            botId: string;
            /** @enum {string} */
            channel: "whatsapp" | "messenger" | "instagram" | "telegram" | "slack" | "sms" | "zalo" | "livechat" | "http" | "sandbox";
            alias: string;
            config: components["schemas"]["ChannelConfigView"];
            active: boolean;
            testRecipients: string[];
            defaultCountry: string | null;
            /** @description Names of the credential fields that are set (never their values) */
            credentialsSet: string[];
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            updatedAt: string;
        };
        ChannelConfigView: {
            apiBaseUrl?: string;
            apiVersion?: string;
            url?: string;
            /** @description `http` channel: header names; values are write-only */
            headers?: {
                [key: string]: {
                    /** @enum {boolean} */
                    set: true;
                };
            };
            /** @description `livechat` channel: origins allowed to open the widget stream */
            allowedOrigins?: string[];
        };
        /** @description Write-only: stored encrypted and never returned. */
        WhatsappCredentials: {
            accessToken: string;
            /** @example 106540352242922 */
            phoneNumberId: string;
        };
        GraphApiConfig: {
            /**
             * Format: uri
             * @description Replaces the provider’s API origin (a proxy, or a fake provider in tests)
             */
            apiBaseUrl?: string;
            /**
             * @description Graph API version (default v21.0)
             * @example v21.0
             */
            apiVersion?: string;
        };
        /** @description Write-only: stored encrypted and never returned. */
        MessengerCredentials: {
            pageAccessToken: string;
            /** @example 106540352242922 */
            pageId: string;
        };
        /** @description Write-only: stored encrypted and never returned. */
        InstagramCredentials: {
            pageAccessToken: string;
            /** @example 106540352242922 */
            pageId: string;
        };
        /** @description Write-only: stored encrypted and never returned. */
        TelegramCredentials: {
            botToken: string;
        };
        ProviderConfig: {
            /**
             * Format: uri
             * @description Replaces the provider’s API origin (a proxy, or a fake provider in tests)
             */
            apiBaseUrl?: string;
        };
        /** @description Write-only: stored encrypted and never returned. */
        SlackCredentials: {
            botToken: string;
        };
        /** @description Write-only: stored encrypted and never returned. */
        SmsCredentials: {
            accountSid: string;
            authToken: string;
            from: string;
        };
        /** @description Write-only: stored encrypted and never returned. */
        ZaloCredentials: {
            accessToken: string;
        };
        /** @description Write-only: stored encrypted and never returned. */
        NoCredentials: Record<string, never>;
        LiveChatConfig: {
            /**
             * @description Origins whose pages may open the widget stream (CORS); none by default
             * @example [
             *       "https://shop.example.com"
             *     ]
             */
            allowedOrigins?: string[];
        };
        /** @description Write-only: stored encrypted and never returned. */
        HttpCredentials: {
            signingSecret?: string;
        };
        HttpChannelConfig: {
            /**
             * Format: uri
             * @description Where replies are POSTed
             */
            url: string;
            /** @description Extra request headers (write-only: stored encrypted, shown by name) */
            headers?: {
                [key: string]: string;
            };
        };
        /** @description This channel takes no config */
        NoConfig: Record<string, never>;
        ChannelAccountPage: {
            data: components["schemas"]["ChannelAccount"][];
            nextCursor: string | null;
        };
        ChannelAccountPatch: {
            /** @example support-line */
            alias?: string;
            /** @description Write-only: stored encrypted and never returned. They replace the stored ones whole and must fit the account’s channel. */
            credentials?: components["schemas"]["WhatsappCredentials"] | components["schemas"]["MessengerCredentials"] | components["schemas"]["InstagramCredentials"] | components["schemas"]["ZaloCredentials"] | components["schemas"]["TelegramCredentials"] | components["schemas"]["SlackCredentials"] | components["schemas"]["SmsCredentials"] | components["schemas"]["HttpCredentials"] | components["schemas"]["NoCredentials"];
            config?: components["schemas"]["ChannelConfig"];
            active?: boolean;
            /**
             * @description Contacts allowed to receive development replies; a development reply to anyone else is recorded in the sandbox log (simulated)
             * @example [
             *       "+14155550123"
             *     ]
             */
            testRecipients?: string[];
            /**
             * @description whatsapp, sms: the country of phone numbers written without a country code
             * @example US
             */
            defaultCountry?: string | null;
        };
        /** @description A channel account’s config on update: the fields of its channel’s config */
        ChannelConfig: {
            /**
             * Format: uri
             * @description Overrides the provider’s API origin (proxies, tests)
             */
            apiBaseUrl?: string;
            apiVersion?: string;
            /**
             * Format: uri
             * @description `http` channel: where replies are POSTed
             */
            url?: string;
            /** @description `http` channel: extra request headers (write-only: stored encrypted, shown by name) */
            headers?: {
                [key: string]: string;
            };
            /**
             * @description `livechat` channel: origins whose pages may open the widget stream (CORS); none by default
             * @example [
             *       "https://shop.example.com"
             *     ]
             */
            allowedOrigins?: string[];
        };
        SandboxMessagePage: {
            data: components["schemas"]["SandboxMessage"][];
            nextCursor: string | null;
        };
        SandboxMessage: {
            id: string;
            messageId: string;
            contact: string;
            text: string;
            /** @enum {string} */
            environment: "production" | "development";
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            sentAt: string;
            /** @enum {string} */
            status: "sent";
            /** @description A development reply recorded instead of sent to the provider */
            simulated: boolean;
        };
        LiveChatToken: {
            token: string;
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            expiresAt: string;
            streamUrl: string;
        };
        WebhookCreated: components["schemas"]["Webhook"] & {
            tokens: components["schemas"]["WebhookTokens"];
            /** @description Reply placeholders that no mapping, system variable or stored contact variable can fill */
            warnings: string[];
        };
        VariableMapping: {
            /**
             * @description RFC 9535 JSONPath (`$.items[?@.sku == 'A1'].qty`) or its dotted shorthand (`data.name`, `items[0].sku`), sugar for `$.…`
             * @example data.name
             */
            data: string;
            /** @example customer_name */
            variable: string;
            required?: boolean;
            /** @description Any JSON value */
            default?: unknown;
        };
        /** @description One message, or a list of up to 5 sent in order on the contact’s lane */
        Reply: components["schemas"]["ReplyMessage"] | components["schemas"]["ReplyMessage"][] | null;
        ReplyMessage: {
            /** @example Hi {{customer_name}}, order {{order_id}} has shipped. */
            text?: string;
            /** @description Reply buttons (WhatsApp: up to 3, titles up to 20 characters; Messenger quick replies: 13; Telegram inline keyboard; Slack actions; numbered lines in SMS) */
            buttons?: components["schemas"]["ReplyButton"][];
            media?: components["schemas"]["ReplyMedia"];
            template?: components["schemas"]["WhatsAppTemplate"];
            /**
             * @description Messenger only
             * @enum {string}
             */
            messagingType?: "RESPONSE" | "UPDATE" | "MESSAGE_TAG";
            /**
             * @description Messenger only, with MESSAGE_TAG
             * @example POST_PURCHASE_UPDATE
             */
            tag?: string;
            /**
             * @description Telegram only; caller data is escaped for it
             * @enum {string}
             */
            parseMode?: "MarkdownV2" | "HTML";
            /** @description Slack only: Block Kit blocks */
            blocks?: {
                [key: string]: unknown;
            }[];
            /** @description SMS only: MMS picture or file URL */
            mediaUrl?: string;
        };
        ReplyButton: {
            /**
             * @description Sent back by the channel when the contact taps it
             * @example track_order
             */
            id: string;
            /** @example Track {{order_id}} */
            title: string;
        };
        ReplyMedia: {
            /** @enum {string} */
            kind: "image" | "video" | "audio" | "document";
            /**
             * @description https URL (templated)
             * @example https://cdn.example.com/{{sku}}.jpg
             */
            url: string;
            caption?: string;
            /** @description Documents: the file name shown */
            filename?: string;
        };
        /** @description WhatsApp only: an approved template message */
        WhatsAppTemplate: {
            name: string;
            language: string;
            /** @description Cloud API template components; string values are templated ({{ first_name }}) */
            components?: {
                [key: string]: unknown;
            }[];
        };
        /** @description Calls allowed per period (also the largest burst). Default 100 per second. */
        RateLimit: {
            /** @example 100 */
            limit: number;
            /** @example 1 */
            periodSeconds: number;
        };
        Verification: {
            /** @enum {string} */
            scheme: "bearer" | "query-token" | "basic" | "standard-webhooks" | "stripe" | "github" | "shopify" | "meta" | "slack" | "telegram" | "twilio" | "hmac";
            /** @description Whether a secret is stored (it is never shown again) */
            secretSet: boolean;
            /** @description Only in the response that generated it */
            secret?: string;
            /** @description Only in the response that generated it (`meta`) */
            verifyToken?: string;
            username?: string;
            toleranceSeconds?: number;
            header?: string;
            algorithm?: string;
            encoding?: string;
            prefix?: string;
            timestampHeader?: string;
            signedPayload?: string;
            /**
             * @description Add this to the URL for a development call
             * @example ?env=development
             */
            developmentMarker?: string;
        };
        /** @description The answer to the caller instead of the default 202 body */
        SyncResponse: {
            /** @default 202 */
            status: number;
            /**
             * @default application/json
             * @enum {string}
             */
            contentType: "application/json" | "text/plain";
            /**
             * @description Template over the variables and `sys_request_id`, `sys_contact_reference_id`
             * @example {"ok":true}
             */
            body: string;
        };
        WebhookTokens: {
            /** @description Bearer token for live calls */
            production: string;
            /** @description Bearer token for test calls (variables kept apart) */
            development: string;
        };
        Webhook: {
            /** @example wh_3kTMd9fQ0aZ1x8Lw2bYc */
            id: string;
            botId: string;
            /** @example https://hooks.example.com/hooks/wh_3kTMd9fQ0aZ1x8Lw2bYc */
            url: string;
            name: string;
            /**
             * @description `conversational` replies to the contact; `workflow` starts an automation
             * @enum {string}
             */
            type: "conversational" | "workflow";
            /**
             * @example whatsapp
             * @enum {string}
             */
            channel: "whatsapp" | "messenger" | "instagram" | "telegram" | "slack" | "sms" | "zalo" | "livechat" | "http" | "sandbox";
            account: string;
            accountId: string;
            contactReference: string;
            defaultCountry: string | null;
            variables: components["schemas"]["VariableMapping"][];
            reply: components["schemas"]["Reply"];
            fallbackTemplate: components["schemas"]["WhatsAppTemplate"] | null;
            folder: string | null;
            enabled: boolean;
            rateLimit: components["schemas"]["RateLimit"];
            verification: components["schemas"]["Verification"];
            allowedIps?: string[];
            batch?: boolean;
            response?: components["schemas"]["SyncResponse"];
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            updatedAt: string;
        };
        WebhookPage: {
            data: components["schemas"]["Webhook"][];
            nextCursor: string | null;
        };
        WebhookUpdated: components["schemas"]["Webhook"] & {
            /** @description Reply placeholders that no mapping, system variable or stored contact variable can fill */
            warnings: string[];
        };
        RotatedToken: {
            /** @enum {string} */
            environment: "production" | "development";
            token: string;
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            previousTokenExpiresAt: string | null;
        };
        Samples: {
            url: string;
            scheme: string;
            production: components["schemas"]["Sample"];
            development: components["schemas"]["Sample"];
        };
        Sample: {
            /** @description The token the sample calls with (`bearer`, `query-token`) */
            token?: string;
            /** @description A body the block accepts: the contact reference, then each mapping's `default` (else `"example <variable>"`) at its path. A filter (`items[?@.type == 'phone'].number`) gets an array element that passes it (`==`, a member's existence, `&&`); paths with no single shape (`..`, slices, unions, other filters) are left out. */
            body: {
                [key: string]: unknown;
            };
            /** @description For signature schemes: the shell lines that sign the exact body, then cURL */
            curl: string;
            /** @description `bearer` only */
            httpie?: string;
            fetch: string;
            python: string;
            /** @description Development: the reply will be simulated (no test recipient) */
            note?: string;
        };
        Preview: {
            /** @description Whether a real call with this body would be accepted */
            valid: boolean;
            /** @enum {string} */
            environment: "production" | "development";
            contact: string | null;
            variables: {
                [key: string]: unknown;
            };
            reply: {
                text: string;
                buttons: {
                    id: string;
                    title: string;
                }[];
                /** @description Every message as it would be sent: { kind: text | media | template, … } */
                messages: {
                    [key: string]: unknown;
                }[];
                fallbackTemplate: {
                    [key: string]: unknown;
                } | null;
                /** @enum {string} */
                channel: "whatsapp" | "messenger" | "instagram" | "telegram" | "slack" | "sms" | "zalo" | "livechat" | "http" | "sandbox";
                account: string;
            } | null;
            errors: {
                path: string;
                message: string;
            }[];
            warnings: string[];
            /** @description For each variable mapping, then the contact reference: the nodes its path selected in this body */
            selections: components["schemas"]["PathSelection"][];
        };
        PathSelection: {
            /** @description The path as written in the block */
            data: string;
            /** @description The variable it fills; null for the contact reference */
            variable: string | null;
            /** @description The selected nodes in document order, at most 20 */
            nodes: {
                /**
                 * @description Normalized path (RFC 9535 §2.7)
                 * @example $['items'][0]['qty']
                 */
                path: string;
                /** @description Any JSON value */
                value?: unknown;
            }[];
            /** @description How many nodes the path selected in all */
            count: number;
            /** @description Why the path could not be evaluated (too much work, or an invalid path) */
            error?: string;
        };
        ActivityPage: {
            data: components["schemas"]["ActivityEntry"][];
            nextCursor: string | null;
        };
        ActivityEntry: {
            requestId: string;
            webhookId: string;
            /** @enum {string} */
            environment: "production" | "development";
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            receivedAt: string;
            contact: string | null;
            variables: {
                [key: string]: unknown;
            };
            /** @description The body as received; null when over 16 KiB, not a JSON object, unread (413) or not kept (an authentication failure) */
            body: {
                [key: string]: unknown;
            } | null;
            bodyBytes: number;
            idempotencyKey: string | null;
            /**
             * @description `rejected`: the call was answered with a problem (`problem`)
             * @enum {string}
             */
            outcome: "accepted" | "rejected";
            /**
             * @description The status answered
             * @example 202
             */
            httpStatus: number;
            /** @description The problem+json answered to a rejected call, with its field errors; null when accepted */
            problem: {
                type: string;
                title: string;
                status: number;
                detail?: string;
                errors?: {
                    path: string;
                    message: string;
                }[];
            } | null;
            /** @description The caller’s address (the connection’s peer; no proxy header is trusted) */
            sourceIp: string | null;
            userAgent: string | null;
            /** @description An authentication failure (401/403) is recorded as a summary without body or variables, at most a few per minute per webhook: how many were left out just before this one */
            suppressed?: number;
            /** @description The caller’s X-Request-Id, when it sent one (1–128 of `A-Z a-z 0-9 . _ : -`); `requestId` is Hookgate’s */
            callerRequestId?: string;
            reply: components["schemas"]["ReplyStatus"];
        };
        ReplyStatus: {
            messageId: string;
            /** @enum {string} */
            status: "queued" | "sending" | "sent" | "retrying" | "failed";
            /** @description A development reply to a contact not among the account’s testRecipients: recorded in its sandbox log, never sent */
            simulated: boolean;
            attempts: number;
            providerMessageId: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            nextAttemptAt: string | null;
            error: {
                code: string;
                message: string;
            } | null;
            /** @description WhatsApp: the first attempt closed by the 24-hour window, and the fallback template sent instead */
            fallback: {
                error: {
                    code: string;
                    message: string;
                };
                template: string;
                providerMessageId: string | null;
            } | null;
        } | null;
        ContactPage: {
            data: components["schemas"]["ContactVariables"][];
            nextCursor: string | null;
        };
        ContactVariables: {
            /** @enum {string} */
            channel: "whatsapp" | "messenger" | "instagram" | "telegram" | "slack" | "sms" | "zalo" | "livechat" | "http" | "sandbox";
            contact: string;
            /** @enum {string} */
            environment: "production" | "development";
            variables: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            updatedAt: string;
        };
        EventAccepted: {
            id: string;
            type: string;
        };
        EventPage: {
            data: components["schemas"]["Event"][];
            nextCursor: string | null;
        };
        Event: {
            /** @example evt_2bYcKe7hQ2mD0aZ1x8Lw */
            id: string;
            botId: string;
            /** @example lead.created */
            type: string;
            /** @enum {string} */
            environment: "production" | "development";
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            createdAt: string;
            data: {
                [key: string]: unknown;
            };
        };
        EventTypeCatalogue: {
            data: components["schemas"]["EventType"][];
            custom: components["schemas"]["CustomEventRules"];
        };
        EventType: {
            /** @example lead.created */
            type: string;
            /**
             * @description `hookgate`: published by Hookgate itself, exactly as its schema says; `platform`: published by the bot platform
             * @enum {string}
             */
            source: "platform" | "hookgate";
            description: string;
            /** @description JSON Schema (draft 2020-12) of the event’s `data` */
            schema: {
                [key: string]: unknown;
            };
            /** @description A sample `data` (what `POST …/subscriptions/{id}/test` sends) */
            sample: {
                [key: string]: unknown;
            };
        };
        CustomEventRules: {
            description: string;
            /**
             * @description Regular expression a published type matches
             * @example ^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$
             */
            typePattern: string;
            maxLength: number;
            /** @description Namespaces whose types only Hookgate publishes */
            reservedNamespaces: string[];
            /** @description A JSON Schema (draft 2020-12) */
            dataSchema: {
                [key: string]: unknown;
            };
        };
        SubscriptionCreated: components["schemas"]["Subscription"] & {
            /**
             * @description Placeholders that read nothing the matched event types carry (they render empty), each prefixed with where it is (`/body: …`)
             * @example [
             *       "/body: placeholder {{ contact.firstname }} is not in the data of lead.created (GET /v1/event-types): it renders empty unless the events carry it"
             *     ]
             */
            warnings: string[];
            /**
             * @description Shown once: store it to verify signatures
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
             */
            secret: string;
        };
        Subscription: {
            /** @example sub_4cTMd9fQ0aZ1x8Lw2bYc */
            id: string;
            botId: string;
            name: string;
            description: string | null;
            folder: string | null;
            /** @description As configured, with each query value shown as `***` (write-only) */
            url: string;
            /** @enum {string} */
            method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
            events: string[];
            /** @description Header names; values are write-only (`{ "X-Api-Key": { "set": true } }`) */
            headers: {
                [key: string]: {
                    /** @enum {boolean} */
                    set: true;
                };
            };
            /** @description Query parameter names; values are write-only */
            params: {
                [key: string]: {
                    /** @enum {boolean} */
                    set: true;
                };
            };
            body: string | null;
            enabled: boolean;
            /**
             * @description `gone`: the endpoint answered 410; `failing`: the circuit breaker
             * @enum {string|null}
             */
            disabledReason: "manual" | "gone" | "failing" | null;
            includeDevelopment: boolean;
            /**
             * @description `per-contact`: one contact’s events are delivered one at a time, in order (`data.contact.id`); a failing delivery holds back that contact’s later ones. `unordered` (default): deliveries go out in parallel and retries may overtake.
             * @enum {string}
             */
            ordering: "unordered" | "per-contact";
            retry: {
                maxAttempts: number;
                scheduleSeconds: number[];
            };
            timeoutMs: number;
            /** @description Deliveries sent to the dead letter (status `dead-lettered`) because this subscription, disabled, already held HOOKGATE_PAUSED_DELIVERIES_LIMIT paused ones */
            deadLettered: number;
            /** @description While set, requests are signed with both the new and the previous secret */
            secretRotation: {
                /**
                 * Format: date-time
                 * @example 2026-11-23T17:20:00.000Z
                 */
                previousSecretExpiresAt: string;
            } | null;
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            updatedAt: string;
        };
        RetrySettings: {
            /** @description Attempts in all, the first included */
            maxAttempts?: number;
            /**
             * @description Delay before each retry; default 60, 300, 1800 (HOOKGATE_RETRY_SCHEDULE)
             * @example [
             *       60,
             *       300,
             *       1800
             *     ]
             */
            scheduleSeconds?: number[];
        };
        SubscriptionPage: {
            data: components["schemas"]["Subscription"][];
            nextCursor: string | null;
        };
        SubscriptionUpdated: components["schemas"]["Subscription"] & {
            /**
             * @description Placeholders that read nothing the matched event types carry (they render empty), each prefixed with where it is (`/body: …`)
             * @example [
             *       "/body: placeholder {{ contact.firstname }} is not in the data of lead.created (GET /v1/event-types): it renders empty unless the events carry it"
             *     ]
             */
            warnings: string[];
        };
        SubscriptionPatch: {
            /** @example CRM leads */
            name?: string;
            /**
             * @description What the subscription is for (up to 500 characters); `null` clears it
             * @example New leads into the CRM
             */
            description?: string | null;
            folder?: string | null;
            /**
             * @description May hold placeholders in its path. Must be https when HOOKGATE_REQUIRE_HTTPS is on (the default with an https PUBLIC_BASE_URL).
             * @example https://crm.example.com/hooks/leads
             */
            url?: string;
            /** @enum {string} */
            method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
            /**
             * @description Event types or patterns (`lead.*`, `*`). The catalogue:
             *     - `lead.created`: A contact became a lead
             *     - `lead.updated`: A lead’s fields changed
             *     - `contact.created`: A new contact wrote to the bot
             *     - `conversation.started`: A conversation opened
             *     - `conversation.ended`: A conversation closed
             *     - `conversation.handoff`: The bot handed the chat to a human
             *     - `tag.applied`: A tag was applied to the contact
             *     - `tag.removed`: A tag was removed from the contact
             *     - `custom_field.changed`: A custom field of the contact changed
             *     - `sequence.subscribed`: The contact was subscribed to a sequence
             *     - `sequence.unsubscribed`: The contact left a sequence
             *     - `webhook.received`: Hookgate: an inbound webhook call was accepted
             *     - `workflow.triggered`: Hookgate: a workflow webhook started an automation
             *     - `message.sent`: Hookgate: a reply reached the channel provider
             *     - `message.failed`: Hookgate: a reply could not be delivered
             *     - `delivery.exhausted`: Hookgate: an event delivery failed its last attempt
             *     - `subscription.disabled`: Hookgate: a subscription was disabled (410 Gone or continuous failures)
             * @example [
             *       "lead.*",
             *       "conversation.handoff"
             *     ]
             */
            events?: string[];
            headers?: {
                [key: string]: string;
            };
            params?: {
                [key: string]: string;
            };
            /** @description Body template; placeholders over the event (`{{ data.contact.first_name }}`, `{{ event }}`, `{{ id }}`, `{{ timestamp }}`); a name that is not the event’s own reads its data (`{{ contact.first_name }}` is `{{ data.contact.first_name }}`). Null sends `{ event, timestamp, data }`. */
            body?: string | null;
            enabled?: boolean;
            /** @description Also deliver events of development calls */
            includeDevelopment?: boolean;
            /**
             * @description `per-contact`: one contact’s events are delivered one at a time, in order (`data.contact.id`); a failing delivery holds back that contact’s later ones. `unordered` (default): deliveries go out in parallel and retries may overtake.
             * @enum {string}
             */
            ordering?: "unordered" | "per-contact";
            retry?: components["schemas"]["RetrySettings"];
            /** @description A 2xx within this time is success (default 30 000) */
            timeoutMs?: number;
        };
        RotatedSecret: {
            secret: string;
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            previousSecretExpiresAt: string;
        };
        Delivery: {
            /** @example dlv_8hQ2mD0aZ1x8Lw2bYcKe */
            id: string;
            subscriptionId: string;
            event: {
                id: string;
                type: string;
                /** @enum {string} */
                environment: "production" | "development";
                /**
                 * Format: date-time
                 * @example 2026-11-23T17:20:00.000Z
                 */
                createdAt: string;
                data: {
                    [key: string]: unknown;
                };
            };
            /** @enum {string} */
            status: "pending" | "paused" | "succeeded" | "failed" | "discarded" | "dead-lettered";
            attempts: components["schemas"]["DeliveryAttempt"][];
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            nextAttemptAt: string | null;
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            updatedAt: string;
        };
        DeliveryAttempt: {
            number: number;
            /** @enum {string} */
            trigger: "scheduled" | "manual" | "test";
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            at: string;
            durationMs: number;
            request: {
                method: string;
                url: string;
                headers: {
                    [key: string]: string;
                };
                body: string | null;
            };
            response: {
                status: number;
                headers: {
                    [key: string]: string;
                };
                body: string;
                truncated: boolean;
            } | null;
            error: string | null;
            succeeded: boolean;
            /**
             * Format: date-time
             * @example 2026-11-23T17:20:00.000Z
             */
            nextAttemptAt: string | null;
        };
        DeliveryPage: {
            data: components["schemas"]["Delivery"][];
            nextCursor: string | null;
        };
        /** @description How many paused deliveries were discarded */
        DiscardedDeliveries: {
            /** @example 120 */
            discarded: number;
        };
        AdminTokenRevoked: {
            jti: string;
            /**
             * Format: date-time
             * @description Kept on the deny list until then: no token with this jti can outlive it
             * @example 2026-11-23T17:20:00.000Z
             */
            revokedUntil: string;
            /** @description At once on this instance; on every other within this time */
            appliesWithinSeconds: number;
        };
        AdminTokenRevoke: {
            /**
             * @description The `jti` claim of the admin token to revoke
             * @example 6f1c0e0a-7a3b-4c55-9d0e-2b1f3c4d5e6f
             */
            jti: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description Seconds to wait before trying again */
        "Retry-After": number;
        /** @description The path of the resource created */
        Location: string;
        /** @description `true` when this is a replay of the first answer to this Idempotency-Key */
        "Idempotent-Replayed": "true";
        /** @description The authentication scheme expected (`Bearer`; `Basic` for a block verifying senders with HTTP Basic) */
        "WWW-Authenticate": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ready"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Metrics in the Prometheus text format */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyWebhookSubscription: {
        parameters: {
            query?: {
                "hub.mode"?: string;
                "hub.verify_token"?: string;
                "hub.challenge"?: string;
            };
            header?: never;
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The challenge, echoed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    callWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description Same key and body within 24 h: the first response again */
                "idempotency-key"?: string;
            };
            path: {
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InboundBody"];
            };
        };
        responses: {
            /** @description A provider handshake (`slack` url_verification: the challenge as text/plain), or the block’s own `response` (any 2xx it sets; its body is the rendered template) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                    "application/json": unknown;
                };
            };
            /** @description Accepted and durably stored */
            202: {
                headers: {
                    /** @description `true` on a replay */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboundAccepted"];
                };
            };
            /** @description A batch (`batch: true`, a JSON array of up to 100 calls): each call’s outcome, in order */
            207: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboundBatchResult"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Valid request that cannot be carried out in the current state */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Rate limited; see Retry-After */
            429: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`: nothing stored), the write was sent but not answered (`outcome-unknown`: it may be stored as `requestId`; retry with the same Idempotency-Key), or the webhook is being reconfigured (`webhook-reconfiguring`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    streamLiveChat: {
        parameters: {
            query?: {
                token?: string;
                lastEventId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBots: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of bots, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BotPage"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createBot: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer (with `Idempotent-Replayed: true`) instead of running again. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BotCreate"];
            };
        };
        responses: {
            /** @description The bot */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Bot"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last 24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or `idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not answered; it is never run again, check and use a new key) */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bot */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Bot"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteBot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateBot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BotPatch"];
            };
        };
        responses: {
            /** @description The updated bot */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Bot"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listChannels: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                botId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of channel accounts, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelAccountPage"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createChannel: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer (with `Idempotent-Replayed: true`) instead of running again. */
                "Idempotency-Key"?: string;
            };
            path: {
                botId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    channel: "whatsapp";
                    /** @example support-line */
                    alias: string;
                    credentials: components["schemas"]["WhatsappCredentials"];
                    config?: components["schemas"]["GraphApiConfig"];
                    /** @default true */
                    active?: boolean;
                    /**
                     * @description Contacts allowed to receive development replies; a development reply to anyone else is recorded in the sandbox log (simulated)
                     * @default []
                     * @example [
                     *       "+14155550123"
                     *     ]
                     */
                    testRecipients?: string[];
                    /**
                     * @description whatsapp, sms: the country of phone numbers written without a country code
                     * @default null
                     * @example US
                     */
                    defaultCountry?: string | null;
                } | {
                    /** @enum {string} */
                    channel: "messenger";
                    /** @example support-line */
                    alias: string;
                    credentials: components["schemas"]["MessengerCredentials"];
                    config?: components["schemas"]["GraphApiConfig"];
                    /** @default true */
                    active?: boolean;
                    /**
                     * @description Contacts allowed to receive development replies; a development reply to anyone else is recorded in the sandbox log (simulated)
                     * @default []
                     * @example [
                     *       "+14155550123"
                     *     ]
                     */
                    testRecipients?: string[];
                    /**
                     * @description whatsapp, sms: the country of phone numbers written without a country code
                     * @default null
                     * @example US
                     */
                    defaultCountry?: string | null;
                } | {
                    /** @enum {string} */
                    channel: "instagram";
                    /** @example support-line */
                    alias: string;
                    credentials: components["schemas"]["InstagramCredentials"];
                    config?: components["schemas"]["GraphApiConfig"];
                    /** @default true */
                    active?: boolean;
                    /**
                     * @description Contacts allowed to receive development replies; a development reply to anyone else is recorded in the sandbox log (simulated)
                     * @default []
                     * @example [
                     *       "+14155550123"
                     *     ]
                     */
                    testRecipients?: string[];
                    /**
                     * @description whatsapp, sms: the country of phone numbers written without a country code
                     * @default null
                     * @example US
                     */
                    defaultCountry?: string | null;
                } | {
                    /** @enum {string} */
                    channel: "telegram";
                    /** @example support-line */
                    alias: string;
                    credentials: components["schemas"]["TelegramCredentials"];
                    config?: components["schemas"]["ProviderConfig"];
                    /** @default true */
                    active?: boolean;
                    /**
                     * @description Contacts allowed to receive development replies; a development reply to anyone else is recorded in the sandbox log (simulated)
                     * @default []
                     * @example [
                     *       "+14155550123"
                     *     ]
                     */
                    testRecipients?: string[];
                    /**
                     * @description whatsapp, sms: the country of phone numbers written without a country code
                     * @default null
                     * @example US
                     */
                    defaultCountry?: string | null;
                } | {
                    /** @enum {string} */
                    channel: "slack";
                    /** @example support-line */
                    alias: string;
                    credentials: components["schemas"]["SlackCredentials"];
                    config?: components["schemas"]["ProviderConfig"];
                    /** @default true */
                    active?: boolean;
                    /**
                     * @description Contacts allowed to receive development replies; a development reply to anyone else is recorded in the sandbox log (simulated)
                     * @default []
                     * @example [
                     *       "+14155550123"
                     *     ]
                     */
                    testRecipients?: string[];
                    /**
                     * @description whatsapp, sms: the country of phone numbers written without a country code
                     * @default null
                     * @example US
                     */
                    defaultCountry?: string | null;
                } | {
                    /** @enum {string} */
                    channel: "sms";
                    /** @example support-line */
                    alias: string;
                    credentials: components["schemas"]["SmsCredentials"];
                    config?: components["schemas"]["ProviderConfig"];
                    /** @default true */
                    active?: boolean;
                    /**
                     * @description Contacts allowed to receive development replies; a development reply to anyone else is recorded in the sandbox log (simulated)
                     * @default []
                     * @example [
                     *       "+14155550123"
                     *     ]
                     */
                    testRecipients?: string[];
                    /**
                     * @description whatsapp, sms: the country of phone numbers written without a country code
                     * @default null
                     * @example US
                     */
                    defaultCountry?: string | null;
                } | {
                    /** @enum {string} */
                    channel: "zalo";
                    /** @example support-line */
                    alias: string;
                    credentials: components["schemas"]["ZaloCredentials"];
                    config?: components["schemas"]["ProviderConfig"];
                    /** @default true */
                    active?: boolean;
                    /**
                     * @description Contacts allowed to receive development replies; a development reply to anyone else is recorded in the sandbox log (simulated)
                     * @default []
                     * @example [
                     *       "+14155550123"
                     *     ]
                     */
                    testRecipients?: string[];
                    /**
                     * @description whatsapp, sms: the country of phone numbers written without a country code
                     * @default null
                     * @example US
                     */
                    defaultCountry?: string | null;
                } | {
                    /** @enum {string} */
                    channel: "livechat";
                    /** @example support-line */
                    alias: string;
                    credentials?: components["schemas"]["NoCredentials"];
                    config?: components["schemas"]["LiveChatConfig"];
                    /** @default true */
                    active?: boolean;
                    /**
                     * @description Contacts allowed to receive development replies; a development reply to anyone else is recorded in the sandbox log (simulated)
                     * @default []
                     * @example [
                     *       "+14155550123"
                     *     ]
                     */
                    testRecipients?: string[];
                    /**
                     * @description whatsapp, sms: the country of phone numbers written without a country code
                     * @default null
                     * @example US
                     */
                    defaultCountry?: string | null;
                } | {
                    /** @enum {string} */
                    channel: "http";
                    /** @example support-line */
                    alias: string;
                    credentials?: components["schemas"]["HttpCredentials"];
                    config: components["schemas"]["HttpChannelConfig"];
                    /** @default true */
                    active?: boolean;
                    /**
                     * @description Contacts allowed to receive development replies; a development reply to anyone else is recorded in the sandbox log (simulated)
                     * @default []
                     * @example [
                     *       "+14155550123"
                     *     ]
                     */
                    testRecipients?: string[];
                    /**
                     * @description whatsapp, sms: the country of phone numbers written without a country code
                     * @default null
                     * @example US
                     */
                    defaultCountry?: string | null;
                } | {
                    /** @enum {string} */
                    channel: "sandbox";
                    /** @example support-line */
                    alias: string;
                    credentials?: components["schemas"]["NoCredentials"];
                    config?: components["schemas"]["NoConfig"];
                    /** @default true */
                    active?: boolean;
                    /**
                     * @description Contacts allowed to receive development replies; a development reply to anyone else is recorded in the sandbox log (simulated)
                     * @default []
                     * @example [
                     *       "+14155550123"
                     *     ]
                     */
                    testRecipients?: string[];
                    /**
                     * @description whatsapp, sms: the country of phone numbers written without a country code
                     * @default null
                     * @example US
                     */
                    defaultCountry?: string | null;
                };
            };
        };
        responses: {
            /** @description The channel account (credentials are never returned) */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelAccount"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last 24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or `idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not answered; it is never run again, check and use a new key) */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
                accountId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The channel account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelAccount"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
                accountId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
                accountId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChannelAccountPatch"];
            };
        };
        responses: {
            /** @description The updated channel account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelAccount"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSandboxMessages: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                botId: string;
                accountId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of messages */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SandboxMessagePage"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createLiveChatToken: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer (with `Idempotent-Replayed: true`) instead of running again. */
                "Idempotency-Key"?: string;
            };
            path: {
                botId: string;
                accountId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @example contact-123 */
                    contact: string;
                    /** @default 86400 */
                    ttlSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The token and the stream URL to open with it */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LiveChatToken"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last 24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or `idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not answered; it is never run again, check and use a new key) */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                folder?: string;
            };
            header?: never;
            path: {
                botId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of blocks, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookPage"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer (with `Idempotent-Replayed: true`) instead of running again. */
                "Idempotency-Key"?: string;
            };
            path: {
                botId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @example Order shipped */
                    name: string;
                    /**
                     * @description `conversational` replies to the contact; `workflow` starts an automation
                     * @default conversational
                     * @enum {string}
                     */
                    type?: "conversational" | "workflow";
                    /**
                     * @description Defaults to the bot’s only active account
                     * @example whatsapp
                     * @enum {string}
                     */
                    channel?: "whatsapp" | "messenger" | "instagram" | "telegram" | "slack" | "sms" | "zalo" | "livechat" | "http" | "sandbox";
                    /**
                     * @description Alias (or id) of an active account of that channel
                     * @example support-line
                     */
                    account?: string;
                    /**
                     * @description Where the contact comes from: a path to one value (names and indexes only)
                     * @default $.contact_reference_id
                     * @example $.contact_reference_id
                     */
                    contactReference?: string;
                    /**
                     * @description whatsapp, sms: country of national phone numbers (else the account’s)
                     * @default null
                     * @example US
                     */
                    defaultCountry?: string | null;
                    /** @default [] */
                    variables?: components["schemas"]["VariableMapping"][];
                    reply?: components["schemas"]["Reply"];
                    /**
                     * @description WhatsApp: sent instead, on the same lane, when the 24-hour window is closed (131047)
                     * @default null
                     */
                    fallbackTemplate?: components["schemas"]["WhatsAppTemplate"] | null;
                    folder?: string | null;
                    /** @default true */
                    enabled?: boolean;
                    rateLimit?: components["schemas"]["RateLimit"];
                    verification?: {
                        /**
                         * @description How the sender proves who it is; see the README
                         * @default bearer
                         * @enum {string}
                         */
                        scheme?: "bearer" | "query-token" | "basic" | "standard-webhooks" | "stripe" | "github" | "shopify" | "meta" | "slack" | "telegram" | "twilio" | "hmac";
                        /** @description Write-only. The signing secret, app secret, auth token, password (`basic`) or secret token (`telegram`). Omitted: kept when the scheme is unchanged, else generated for `standard-webhooks`, `hmac`, `basic`, `telegram` and returned once. A new one keeps the previous one valid for 24 hours. */
                        secret?: string;
                        /** @description Generate a new secret (returned once); the previous one stays valid 24 h */
                        rotateSecret?: boolean;
                        /** @description `basic` only */
                        username?: string;
                        /** @description Write-only, `meta` only: the verify token of the GET handshake (generated and returned once if omitted) */
                        verifyToken?: string;
                        /** @description Timestamp tolerance; default 300 */
                        toleranceSeconds?: number;
                        /**
                         * @description `hmac`: the signature header
                         * @example X-Signature
                         */
                        header?: string;
                        /**
                         * @description `hmac`; default sha256
                         * @enum {string}
                         */
                        algorithm?: "sha1" | "sha256" | "sha512";
                        /**
                         * @description `hmac`; default hex
                         * @enum {string}
                         */
                        encoding?: "hex" | "base64";
                        /**
                         * @description `hmac`: text before the signature
                         * @example sha256=
                         */
                        prefix?: string;
                        /** @description `hmac`: header holding a Unix timestamp */
                        timestampHeader?: string;
                        /**
                         * @description `hmac`: what is signed, `{timestamp}` and `{body}`
                         * @example {timestamp}.{body}
                         */
                        signedPayload?: string;
                    };
                    /**
                     * @description Callers must come from one of these (CIDR); others get 403 before anything is read
                     * @example [
                     *       "192.0.2.0/24"
                     *     ]
                     */
                    allowedIps?: string[] | null;
                    /** @description A JSON array body is up to 100 calls, answered with one result list */
                    batch?: boolean;
                    response?: {
                        /** @default 202 */
                        status?: number;
                        /**
                         * @default application/json
                         * @enum {string}
                         */
                        contentType?: "application/json" | "text/plain";
                        /**
                         * @description Template over the variables and `sys_request_id`, `sys_contact_reference_id`
                         * @example {"ok":true}
                         */
                        body: string;
                    } & (Record<string, never> | null);
                };
            };
        };
        responses: {
            /** @description The block with its URL and tokens */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookCreated"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last 24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or `idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not answered; it is never run again, check and use a new key) */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Valid request that cannot be carried out in the current state */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The block (tokens are re-issued by `samples`) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @example Order shipped */
                    name?: string;
                    /**
                     * @description `conversational` replies to the contact; `workflow` starts an automation
                     * @enum {string}
                     */
                    type?: "conversational" | "workflow";
                    /**
                     * @example whatsapp
                     * @enum {string}
                     */
                    channel?: "whatsapp" | "messenger" | "instagram" | "telegram" | "slack" | "sms" | "zalo" | "livechat" | "http" | "sandbox";
                    /**
                     * @description Alias (or id) of an active account of that channel
                     * @example support-line
                     */
                    account?: string;
                    /**
                     * @description Where the contact comes from: a path to one value (names and indexes only)
                     * @example $.contact_reference_id
                     */
                    contactReference?: string;
                    /**
                     * @description whatsapp, sms: country of national phone numbers (else the account’s)
                     * @example US
                     */
                    defaultCountry?: string | null;
                    variables?: components["schemas"]["VariableMapping"][];
                    reply?: components["schemas"]["Reply"];
                    /** @description WhatsApp: sent instead, on the same lane, when the 24-hour window is closed (131047) */
                    fallbackTemplate?: components["schemas"]["WhatsAppTemplate"] | null;
                    folder?: string | null;
                    enabled?: boolean;
                    rateLimit?: components["schemas"]["RateLimit"];
                    verification?: {
                        /**
                         * @description How the sender proves who it is; see the README
                         * @default bearer
                         * @enum {string}
                         */
                        scheme?: "bearer" | "query-token" | "basic" | "standard-webhooks" | "stripe" | "github" | "shopify" | "meta" | "slack" | "telegram" | "twilio" | "hmac";
                        /** @description Write-only. The signing secret, app secret, auth token, password (`basic`) or secret token (`telegram`). Omitted: kept when the scheme is unchanged, else generated for `standard-webhooks`, `hmac`, `basic`, `telegram` and returned once. A new one keeps the previous one valid for 24 hours. */
                        secret?: string;
                        /** @description Generate a new secret (returned once); the previous one stays valid 24 h */
                        rotateSecret?: boolean;
                        /** @description `basic` only */
                        username?: string;
                        /** @description Write-only, `meta` only: the verify token of the GET handshake (generated and returned once if omitted) */
                        verifyToken?: string;
                        /** @description Timestamp tolerance; default 300 */
                        toleranceSeconds?: number;
                        /**
                         * @description `hmac`: the signature header
                         * @example X-Signature
                         */
                        header?: string;
                        /**
                         * @description `hmac`; default sha256
                         * @enum {string}
                         */
                        algorithm?: "sha1" | "sha256" | "sha512";
                        /**
                         * @description `hmac`; default hex
                         * @enum {string}
                         */
                        encoding?: "hex" | "base64";
                        /**
                         * @description `hmac`: text before the signature
                         * @example sha256=
                         */
                        prefix?: string;
                        /** @description `hmac`: header holding a Unix timestamp */
                        timestampHeader?: string;
                        /**
                         * @description `hmac`: what is signed, `{timestamp}` and `{body}`
                         * @example {timestamp}.{body}
                         */
                        signedPayload?: string;
                    };
                    /**
                     * @description Callers must come from one of these (CIDR); others get 403 before anything is read
                     * @example [
                     *       "192.0.2.0/24"
                     *     ]
                     */
                    allowedIps?: string[] | null;
                    /** @description A JSON array body is up to 100 calls, answered with one result list */
                    batch?: boolean;
                    response?: {
                        /** @default 202 */
                        status?: number;
                        /**
                         * @default application/json
                         * @enum {string}
                         */
                        contentType?: "application/json" | "text/plain";
                        /**
                         * @description Template over the variables and `sys_request_id`, `sys_contact_reference_id`
                         * @example {"ok":true}
                         */
                        body: string;
                    } & (Record<string, never> | null);
                };
            };
        };
        responses: {
            /** @description The updated block, with warnings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookUpdated"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Valid request that cannot be carried out in the current state */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookToken: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer (with `Idempotent-Replayed: true`) instead of running again. */
                "Idempotency-Key"?: string;
            };
            path: {
                botId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    environment: "production" | "development";
                    /**
                     * @description How long the old token keeps working (0: revoked at once)
                     * @default 0
                     */
                    gracePeriodSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The new token */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotatedToken"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last 24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or `idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not answered; it is never run again, check and use a new key) */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookSamples: {
        parameters: {
            query?: {
                format?: "json" | "text";
                environment?: "production" | "development";
            };
            header?: never;
            path: {
                botId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Production and development samples */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Samples"];
                    "text/plain": string;
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    previewWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer (with `Idempotent-Replayed: true`) instead of running again. */
                "Idempotency-Key"?: string;
            };
            path: {
                botId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A body as an external system would POST it */
                    body: {
                        [key: string]: unknown;
                    };
                    /**
                     * @default production
                     * @enum {string}
                     */
                    environment?: "production" | "development";
                };
            };
        };
        responses: {
            /** @description The outcome the call would have */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preview"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last 24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or `idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not answered; it is never run again, check and use a new key) */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookActivity: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                /** @description Only calls with one of these states (comma-separated): the outcome (`accepted`, `rejected`) or the reply’s state (`queued`, `sending`, `retrying`, `sent`, `failed`). A filtered page may hold fewer than `limit` calls before the end; follow `nextCursor` until it is null. */
                status?: string;
            };
            header?: never;
            path: {
                botId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of calls */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivityPage"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    streamWebhookActivity: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `id` of the last message received */
                "last-event-id"?: string;
            };
            path: {
                botId: string;
                webhookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listContacts: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                environment?: "production" | "development";
                channel?: "whatsapp" | "messenger" | "instagram" | "telegram" | "slack" | "sms" | "zalo" | "livechat" | "http" | "sandbox";
            };
            header?: never;
            path: {
                botId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of contacts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactPage"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getContactVariables: {
        parameters: {
            query?: {
                environment?: "production" | "development";
            };
            header?: never;
            path: {
                botId: string;
                channel: "whatsapp" | "messenger" | "instagram" | "telegram" | "slack" | "sms" | "zalo" | "livechat" | "http" | "sandbox";
                reference: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The variables */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactVariables"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    findContactVariables: {
        parameters: {
            query?: {
                environment?: "production" | "development";
            };
            header?: never;
            path: {
                botId: string;
                reference: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The variables */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactVariables"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteContact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
                channel: "whatsapp" | "messenger" | "instagram" | "telegram" | "slack" | "sms" | "zalo" | "livechat" | "http" | "sandbox";
                reference: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Erased */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
            };
            header?: never;
            path: {
                botId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventPage"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    publishEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer (with `Idempotent-Replayed: true`) instead of running again. */
                "Idempotency-Key"?: string;
            };
            path: {
                botId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Any dotted type; the catalogue of what chatbot platforms and Hookgate publish:
                     *     - `lead.created`: A contact became a lead
                     *     - `lead.updated`: A lead’s fields changed
                     *     - `contact.created`: A new contact wrote to the bot
                     *     - `conversation.started`: A conversation opened
                     *     - `conversation.ended`: A conversation closed
                     *     - `conversation.handoff`: The bot handed the chat to a human
                     *     - `tag.applied`: A tag was applied to the contact
                     *     - `tag.removed`: A tag was removed from the contact
                     *     - `custom_field.changed`: A custom field of the contact changed
                     *     - `sequence.subscribed`: The contact was subscribed to a sequence
                     *     - `sequence.unsubscribed`: The contact left a sequence
                     *     - `webhook.received`: Hookgate: an inbound webhook call was accepted
                     *     - `workflow.triggered`: Hookgate: a workflow webhook started an automation
                     *     - `message.sent`: Hookgate: a reply reached the channel provider
                     *     - `message.failed`: Hookgate: a reply could not be delivered
                     *     - `delivery.exhausted`: Hookgate: an event delivery failed its last attempt
                     *     - `subscription.disabled`: Hookgate: a subscription was disabled (410 Gone or continuous failures)
                     * @example lead.created
                     */
                    type: string;
                    /** @default {} */
                    data?: {
                        [key: string]: unknown;
                    };
                    /**
                     * @default production
                     * @enum {string}
                     */
                    environment?: "production" | "development";
                };
            };
        };
        responses: {
            /** @description Stored durably */
            202: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventAccepted"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last 24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or `idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not answered; it is never run again, check and use a new key) */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEventTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The catalogue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventTypeCatalogue"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSubscriptions: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                folder?: string;
            };
            header?: never;
            path: {
                botId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of subscriptions, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionPage"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSubscription: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer (with `Idempotent-Replayed: true`) instead of running again. */
                "Idempotency-Key"?: string;
            };
            path: {
                botId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @example CRM leads */
                    name: string;
                    /**
                     * @description What the subscription is for (up to 500 characters); `null` clears it
                     * @default null
                     * @example New leads into the CRM
                     */
                    description?: string | null;
                    folder?: string | null;
                    /**
                     * @description May hold placeholders in its path. Must be https when HOOKGATE_REQUIRE_HTTPS is on (the default with an https PUBLIC_BASE_URL).
                     * @example https://crm.example.com/hooks/leads
                     */
                    url: string;
                    /**
                     * @default POST
                     * @enum {string}
                     */
                    method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
                    /**
                     * @description Event types or patterns (`lead.*`, `*`). The catalogue:
                     *     - `lead.created`: A contact became a lead
                     *     - `lead.updated`: A lead’s fields changed
                     *     - `contact.created`: A new contact wrote to the bot
                     *     - `conversation.started`: A conversation opened
                     *     - `conversation.ended`: A conversation closed
                     *     - `conversation.handoff`: The bot handed the chat to a human
                     *     - `tag.applied`: A tag was applied to the contact
                     *     - `tag.removed`: A tag was removed from the contact
                     *     - `custom_field.changed`: A custom field of the contact changed
                     *     - `sequence.subscribed`: The contact was subscribed to a sequence
                     *     - `sequence.unsubscribed`: The contact left a sequence
                     *     - `webhook.received`: Hookgate: an inbound webhook call was accepted
                     *     - `workflow.triggered`: Hookgate: a workflow webhook started an automation
                     *     - `message.sent`: Hookgate: a reply reached the channel provider
                     *     - `message.failed`: Hookgate: a reply could not be delivered
                     *     - `delivery.exhausted`: Hookgate: an event delivery failed its last attempt
                     *     - `subscription.disabled`: Hookgate: a subscription was disabled (410 Gone or continuous failures)
                     * @example [
                     *       "lead.*",
                     *       "conversation.handoff"
                     *     ]
                     */
                    events: string[];
                    /** @default {} */
                    headers?: {
                        [key: string]: string;
                    };
                    /** @default {} */
                    params?: {
                        [key: string]: string;
                    };
                    /**
                     * @description Body template; placeholders over the event (`{{ data.contact.first_name }}`, `{{ event }}`, `{{ id }}`, `{{ timestamp }}`); a name that is not the event’s own reads its data (`{{ contact.first_name }}` is `{{ data.contact.first_name }}`). Null sends `{ event, timestamp, data }`.
                     * @default null
                     */
                    body?: string | null;
                    /** @default true */
                    enabled?: boolean;
                    /**
                     * @description Also deliver events of development calls
                     * @default false
                     */
                    includeDevelopment?: boolean;
                    /**
                     * @description `per-contact`: one contact’s events are delivered one at a time, in order (`data.contact.id`); a failing delivery holds back that contact’s later ones. `unordered` (default): deliveries go out in parallel and retries may overtake.
                     * @default unordered
                     * @enum {string}
                     */
                    ordering?: "unordered" | "per-contact";
                    retry?: components["schemas"]["RetrySettings"];
                    /**
                     * @description A 2xx within this time is success (default 30 000)
                     * @default 30000
                     */
                    timeoutMs?: number;
                };
            };
        };
        responses: {
            /** @description The subscription and its signing secret */
            201: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    Location: components["headers"]["Location"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionCreated"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last 24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or `idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not answered; it is never run again, check and use a new key) */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
                subscriptionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
                subscriptionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
                subscriptionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubscriptionPatch"];
            };
        };
        responses: {
            /** @description The updated subscription, with warnings about its templates */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubscriptionUpdated"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateSubscriptionSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer (with `Idempotent-Replayed: true`) instead of running again. */
                "Idempotency-Key"?: string;
            };
            path: {
                botId: string;
                subscriptionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new secret, shown this once */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotatedSecret"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last 24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or `idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not answered; it is never run again, check and use a new key) */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sendTestEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer (with `Idempotent-Replayed: true`) instead of running again. */
                "Idempotency-Key"?: string;
            };
            path: {
                botId: string;
                subscriptionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description A catalogue type (its sample data is sent) or any other type
                     * @default lead.created
                     */
                    type?: string;
                    /** @description Overrides the sample data */
                    data?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description The delivery with its one attempt */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last 24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or `idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not answered; it is never run again, check and use a new key) */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The `nextCursor` of the previous page */
                cursor?: string;
                status?: "pending" | "paused" | "succeeded" | "failed" | "discarded" | "dead-lettered";
            };
            header?: never;
            path: {
                botId: string;
                subscriptionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPage"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    streamSubscriptionDeliveries: {
        parameters: {
            query?: never;
            header?: {
                /** @description The `id` of the last message received */
                "last-event-id"?: string;
            };
            path: {
                botId: string;
                subscriptionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                botId: string;
                subscriptionId: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryDelivery: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer (with `Idempotent-Replayed: true`) instead of running again. */
                "Idempotency-Key"?: string;
            };
            path: {
                botId: string;
                subscriptionId: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery with the new attempt */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last 24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or `idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not answered; it is never run again, check and use a new key) */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    discardPausedDeliveries: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer (with `Idempotent-Replayed: true`) instead of running again. */
                "Idempotency-Key"?: string;
            };
            path: {
                botId: string;
                subscriptionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How many were discarded */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DiscardedDeliveries"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last 24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or `idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not answered; it is never run again, check and use a new key) */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeAdminToken: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 characters, kept per workspace and path: the same key and body within 24 h replays the first 2xx answer (with `Idempotent-Replayed: true`) instead of running again. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminTokenRevoke"];
            };
        };
        responses: {
            /** @description The jti is revoked */
            200: {
                headers: {
                    "Idempotent-Replayed": components["headers"]["Idempotent-Replayed"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminTokenRevoked"];
                };
            };
            /** @description Invalid request: malformed JSON or fields that fail validation */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or invalid bearer token */
            401: {
                headers: {
                    "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The token may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in this workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state; or `idempotency-key-reused` (this Idempotency-Key came with another body in the last 24 h), `idempotency-key-in-progress` (a request with this key is still running; see Retry-After), or `idempotency-key-outcome-unknown` (the first request with this key may have been stored: its write was sent and not answered; it is never run again, check and use a new key) */
            409: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body too large (the admin API: HOOKGATE_ADMIN_MAX_BODY_BYTES, 1 MiB by default) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The store is unreachable (`store-unavailable`), or a write was sent but not answered (`outcome-unknown`); see Retry-After */
            503: {
                headers: {
                    "Retry-After": components["headers"]["Retry-After"];
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenAPI 3.1 document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": string;
                };
            };
        };
    };
    getApiReference: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HTML page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
}
