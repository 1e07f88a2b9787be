import { describe, expect, it } from 'vitest';
import { buildRequest, checkRequestTemplate, type RequestTemplate, type TemplateScope } from '../../src/events/request-template.ts';

const hostile = 'Ann "the \\ Boss"\n& co\r\nX-Injected: yes ✓ 🚀';
const scope: TemplateScope = {
  id: 'evt_1',
  event: 'lead.created',
  timestamp: '2026-11-23T17:20:00.000Z',
  bot_id: 'bot_1',
  environment: 'production',
  data: { contact: { first_name: hostile, age: 42, tags: ['a', 'b'] }, nothing: null },
};
const template = (overrides: Partial<RequestTemplate>): RequestTemplate => ({
  url: 'https://crm.example.com/hooks',
  method: 'POST',
  headers: {},
  params: {},
  body: null,
  ...overrides,
});

function built(t: RequestTemplate) {
  const result = buildRequest(t, scope);
  if (!result.ok) throw new Error(result.error);
  return result.request;
}

describe('outbound request templates', () => {
  it('sends { event, timestamp, data } when there is no body template', () => {
    const req = built(template({}));
    expect(JSON.parse(req.body!)).toEqual({ event: 'lead.created', timestamp: scope.timestamp, data: scope.data });
    expect(req.headers['content-type']).toBe('application/json');
  });

  it('escapes values inside JSON strings and inserts JSON values elsewhere, so the body stays valid', () => {
    const req = built(
      template({
        body:
          '{"name": "{{ data.contact.first_name }}", "age": {{data.contact.age}}, "tags": {{data.contact.tags}}, "none": ' +
          '{{data.missing}}, "greeting": "Hi {{data.contact.first_name}}!"}',
      }),
    );
    expect(JSON.parse(req.body!)).toEqual({ name: hostile, age: 42, tags: ['a', 'b'], none: null, greeting: `Hi ${hostile}!` });
  });

  it('URL-encodes query parameters and keeps the value intact', () => {
    const req = built(template({ params: { who: '{{data.contact.first_name}}', fixed: 'a b' } }));
    const url = new URL(req.url);
    expect(url.searchParams.get('who')).toBe(hostile);
    expect(url.searchParams.get('fixed')).toBe('a b');
    expect(url.origin + url.pathname).toBe('https://crm.example.com/hooks');
  });

  it('refuses a header value that would inject a header line', () => {
    const result = buildRequest(template({ headers: { 'X-Name': '{{data.contact.first_name}}' } }), scope);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('X-Name') });
    const fine = built(template({ headers: { 'X-Event': '{{event}}', 'X-Age': '{{ data.contact.age }}' } }));
    expect(fine.headers).toMatchObject({ 'X-Event': 'lead.created', 'X-Age': '42' });
  });

  it('renders form bodies URL-encoded and text bodies as they are', () => {
    const form = built(
      template({
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'name={{data.contact.first_name}}&event={{event}}',
      }),
    );
    expect(new URLSearchParams(form.body!).get('name')).toBe(hostile);
    expect(new URLSearchParams(form.body!).get('event')).toBe('lead.created');
    const text = built(template({ headers: { 'content-type': 'text/plain' }, body: 'New lead: {{data.contact.age}}' }));
    expect(text.body).toBe('New lead: 42');
  });

  it('sends no body with GET, placeholders in the URL path are encoded', () => {
    const req = built(template({ method: 'GET', url: 'https://crm.example.com/leads/{{data.contact.first_name}}' }));
    expect(req.body).toBeNull();
    expect(decodeURIComponent(new URL(req.url).pathname)).toBe(`/leads/${hostile}`);
  });

  it('flags a JSON body template that cannot become valid JSON', () => {
    expect(checkRequestTemplate(template({ body: '{"a": {{data.x}}' }))).toEqual([{ path: '/body', message: expect.any(String) }]);
    expect(checkRequestTemplate(template({ body: '{"a": "{{data.x}}", "b": {{data.y}}}' }))).toEqual([]);
    expect(checkRequestTemplate(template({ headers: { 'content-type': 'text/plain' }, body: 'not json {{x}}' }))).toEqual([]);
  });
});
