import type { Channel, JsonObject, JsonValue, TemplateSpec, WebhookBlock } from '../domain/types.ts';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../lib/json-depth.ts';
import { memo } from '../lib/memo.ts';
import { normalizeContactReference } from './contact.ts';
import { type CompileResult, compileMapping, extractVariables, readPath, type SelectedNodes, selectNodes } from './extract.ts';
import { type RenderedReply, readsStoredVariables, renderReply } from './render-reply.ts';

export interface CallContext {
  requestId: string;
  /** Channel and alias of the account the call goes through (the development call may choose). */
  channel: Channel;
  account: string;
  /** The account's country for national phone numbers (the block's own comes first). */
  defaultCountry?: string | null;
}

export interface Evaluation {
  contact: string | null;
  variables: JsonObject;
  /** `scope`: the call's scope, when the reply reads stored contact variables (rendered again at send). */
  reply: (RenderedReply & { scope: JsonObject | null; fallbackTemplate: TemplateSpec | null }) | null;
  errors: { path: string; message: string }[];
}

const NO_CONTACT_VARIABLES: JsonObject = Object.freeze({}) as JsonObject;

const compilePath = memo<CompileResult>(compileMapping);

/**
 * What a call to a block means: its contact, its variables and (conversational) its reply text,
 * or the errors that make it a 400. Pure; shared by the inbound route and the preview.
 */
export function evaluateCall(block: WebhookBlock, body: JsonObject, context: CallContext): Evaluation {
  if (nestedDeeperThan(body, MAX_JSON_DEPTH)) {
    return {
      contact: null,
      variables: {},
      reply: null,
      errors: [{ path: '$', message: `the body is nested more than ${MAX_JSON_DEPTH} levels deep` }],
    };
  }
  const errors: Evaluation['errors'] = [];
  const extracted = extractVariables(body, block.variables, compilePath);
  errors.push(...extracted.errors);
  const variables: JsonObject = { ...extracted.variables };

  let contact: string | null = null;
  const path = compilePath(block.contactReference);
  const raw = path.ok ? readPath(body, path.value) : { found: false as const };
  const present = raw.found && raw.value !== null && raw.value !== '';
  if (present || block.type === 'conversational') {
    const normalized = normalizeContactReference(
      context.channel,
      raw.found ? raw.value : undefined,
      block.defaultCountry ?? context.defaultCountry,
    );
    if (normalized.ok) contact = normalized.value;
    else errors.push({ path: block.contactReference, message: normalized.message });
  }

  let reply: Evaluation['reply'] = null;
  if (block.type === 'conversational' && block.reply && errors.length === 0) {
    const scope: Record<string, JsonValue> = {
      ...variables,
      sys_contact_reference_id: contact,
      sys_channel: context.channel,
      sys_account: context.account,
      sys_webhook_id: block.id,
      // Stored contact variables are read at send time (render-reply.ts); at call time `contact.*` renders empty.
      contact: NO_CONTACT_VARIABLES,
      sys_request_id: context.requestId,
    };
    const rendered = renderReply(block.reply, scope, context.channel);
    reply = { ...rendered, scope: readsStoredVariables(rendered.missing) ? scope : null, fallbackTemplate: null };
    if (block.fallbackTemplate) {
      const [fallback] = renderReply({ template: block.fallbackTemplate }, scope, context.channel).parts;
      if (fallback?.kind === 'template') reply.fallbackTemplate = fallback.template;
    }
  }
  return { contact, variables, reply, errors };
}

/** What one mapping's path (or, with `variable: null`, the contact reference's) selected in a body. */
export interface PathSelection extends SelectedNodes {
  /** The path as written in the block. */
  data: string;
  variable: string | null;
}

/**
 * For each mapping, then the contact reference: the nodes its path selects in `body`, at most
 * `limit` each, with their normalized paths, so a builder sees why a filter matched nothing. Pure.
 */
export function selectPaths(block: WebhookBlock, body: JsonObject, limit: number): PathSelection[] {
  if (nestedDeeperThan(body, MAX_JSON_DEPTH)) return [];
  const paths = [...block.variables.map((m) => ({ data: m.data, variable: m.variable })), { data: block.contactReference, variable: null }];
  return paths.map(({ data, variable }) => {
    const compiled = compilePath(data);
    if (!compiled.ok) return { data, variable, nodes: [], count: 0, error: `invalid path: ${compiled.message}` };
    return { data, variable, ...selectNodes(body, compiled.value, limit) };
  });
}
