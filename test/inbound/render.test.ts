import { afterEach, describe, expect, it } from 'vitest';
import { compileTemplate, renderTemplate, templatePlaceholders, validateTemplate } from '../../src/inbound/render.ts';

const scope = {
  customer_name: 'Ada',
  order_id: 'ord_1',
  total: 42.5,
  count: 0,
  paid: true,
  shipped: false,
  note: null,
  empty: '',
  tags: ['a', 'b'],
  data: { contact: { first_name: 'Grace', 'first-name': 'Hopper' }, items: [{ sku: 'A-1' }] },
  sys_channel: 'whatsapp',
};

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('renderTemplate', () => {
  it('fills placeholders with or without spaces', () => {
    expect(renderTemplate('Hi {{customer_name}}, order {{ order_id }} via {{  sys_channel\t}}.', scope)).toEqual({
      text: 'Hi Ada, order ord_1 via whatsapp.',
      missing: [],
    });
  });

  it('renders numbers and booleans as text, including zero and false', () => {
    expect(renderTemplate('{{total}} {{count}} {{paid}} {{shipped}}', scope).text).toBe('42.5 0 true false');
  });

  it('renders objects and arrays as JSON', () => {
    expect(renderTemplate('{{tags}} {{data.contact}}', scope).text).toBe('["a","b"] {"first_name":"Grace","first-name":"Hopper"}');
  });

  it('looks dotted names up through nested objects and arrays', () => {
    expect(renderTemplate('{{ data.contact.first_name }} {{data.contact.first-name}} {{data.items.0.sku}}', scope).text).toBe(
      'Grace Hopper A-1',
    );
  });

  it('renders an empty string value as empty without calling it missing', () => {
    expect(renderTemplate('[{{empty}}]', scope)).toEqual({ text: '[]', missing: [] });
  });

  it('renders null, absent and unreachable names empty and lists each once, in order', () => {
    const result = renderTemplate(
      '{{unknown}}|{{note}}|{{ unknown }}|{{data.contact.last_name}}|{{customer_name.first}}|{{tags.5}}',
      scope,
    );
    expect(result).toEqual({ text: '|||||', missing: ['unknown', 'note', 'data.contact.last_name', 'customer_name.first', 'tags.5'] });
  });

  it('does not read inherited properties', () => {
    const result = renderTemplate(
      '{{constructor}}{{toString}}{{__proto__}}{{tags.length}}{{data.hasOwnProperty}}{{customer_name.length}}',
      scope,
    );
    expect(result).toEqual({
      text: '',
      missing: ['constructor', 'toString', '__proto__', 'tags.length', 'data.hasOwnProperty', 'customer_name.length'],
    });
  });

  it('reads an own "__proto__" key of JSON data as data', () => {
    const data = JSON.parse('{"__proto__": {"polluted": "yes"}}') as Record<string, unknown>;
    expect(renderTemplate('{{data.__proto__.polluted}}', { data }).text).toBe('yes');
  });

  it('treats values that are not JSON data as missing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const result = renderTemplate('{{fn}}{{sym}}{{undef}}{{cyclic}}', { fn: () => 'x', sym: Symbol('s'), undef: undefined, cyclic });
    expect(result).toEqual({ text: '', missing: ['fn', 'sym', 'undef', 'cyclic'] });
  });

  it('leaves text that is not a valid placeholder as it is', () => {
    const template = 'a {{ }} b {{1x}} c {{ x y }} d {single} e {{customer_name}';
    expect(renderTemplate(template, scope)).toEqual({ text: template, missing: [] });
  });

  it('does not expand placeholders that appear inside values', () => {
    expect(renderTemplate('{{x}}', { x: '{{customer_name}}', customer_name: 'Ada' }).text).toBe('{{customer_name}}');
  });

  it('keeps unicode text and values intact', () => {
    expect(renderTemplate('¡Hola {{n}}! 👋\u2028', { n: 'José 🎉' }).text).toBe('¡Hola José 🎉! 👋\u2028');
  });

  it('renders a compiled template the same as its source, any number of times', () => {
    const template = 'Hi {{customer_name}}, {{missing}} {{total}}';
    const compiled = compileTemplate(template);
    expect(renderTemplate(compiled, scope)).toEqual(renderTemplate(template, scope));
    expect(renderTemplate(compiled, { customer_name: 'Bob', total: 1 })).toEqual({ text: 'Hi Bob,  1', missing: ['missing'] });
  });
});

describe('templatePlaceholders', () => {
  it('lists distinct valid placeholder names in order of appearance', () => {
    expect(templatePlaceholders('{{ b }} {{a}} {{b}} {{data.x}} {{ 1bad }} {{}}')).toEqual(['b', 'a', 'data.x']);
  });

  it('gives an empty list for plain text', () => {
    expect(templatePlaceholders('no placeholders here')).toEqual([]);
  });
});

describe('validateTemplate', () => {
  it.each([
    'plain text',
    '',
    'Hi {{customer_name}}, order {{ order_id }}',
    '{{data.contact.first_name}} {{data.items.0.sku}} {{sys_channel}}',
    'a single { brace } is fine',
    'x'.repeat(4096),
  ])('accepts %j', (template) => {
    expect(validateTemplate(template)).toBeNull();
  });

  it.each([
    ['x'.repeat(4097), 'template is longer than 4096 characters'],
    ['Hi {{name', "unclosed '{{' at position 3"],
    ['Hi {{a {{b}}', "unclosed '{{' at position 3"],
    ['Hi name}} there', "unmatched '}}' at position 7"],
    ['{{a}} and b}}', "unmatched '}}' at position 11"],
    ['Hi {{}}', 'empty placeholder at position 3'],
    ['Hi {{   }}', 'empty placeholder at position 3'],
    ['{{1st}}', "invalid placeholder name '1st' at position 0: use letters, digits and _, with dots between parts"],
    ['{{first name}}', "invalid placeholder name 'first name' at position 0: use letters, digits and _, with dots between parts"],
    ['{{a..b}}', "invalid placeholder name 'a..b' at position 0: use letters, digits and _, with dots between parts"],
    ['{{a.}}', "invalid placeholder name 'a.' at position 0: use letters, digits and _, with dots between parts"],
    ['{{{a}}}', "invalid placeholder name '{a' at position 0: use letters, digits and _, with dots between parts"],
  ])('rejects %j', (template, message) => {
    expect(validateTemplate(template)).toBe(message);
  });

  it('rejects a value that is not a string', () => {
    expect(validateTemplate(42 as unknown as string)).toBe('template must be a string');
  });
});
